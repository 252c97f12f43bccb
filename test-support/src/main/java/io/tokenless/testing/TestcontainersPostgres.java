package io.tokenless.testing;

import org.testcontainers.containers.PostgreSQLContainer;

/** Starts PostgreSQL in a container; kept apart so Testcontainers loads only when asked for. */
final class TestcontainersPostgres {
  private TestcontainersPostgres() {}

  @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
  static PostgresServer start() {
    PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
    container.start();
    return PostgresServer.of(container.getJdbcUrl(), container.getUsername(), container.getPassword());
  }
}
