package io.tokenless.roles.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Objects;

/**
 * Pooled connections to PostgreSQL. Time-outs are short on purpose: when the database is
 * gone, a lookup should fail fast (and be served from the cache or answered with {@code 503})
 * rather than hold a worker thread.
 */
public final class DataSources {
  private DataSources() {}

  /**
   * Settings of a pool.
   *
   * @param jdbcUrl           {@code jdbc:postgresql://host:port/db}
   * @param user              the database user
   * @param password          its password, may be empty; never logged
   * @param maximumPoolSize   at least 1
   * @param connectionTimeout how long a caller waits for a connection
   */
  public record PoolSettings(String jdbcUrl, String user, String password, int maximumPoolSize,
      Duration connectionTimeout) {
    public PoolSettings {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("database url must start with jdbc:postgresql: but is " + jdbcUrl);
      }
      if (maximumPoolSize < 1) {
        throw new IllegalArgumentException("database pool size must be at least 1, is " + maximumPoolSize);
      }
      if (connectionTimeout.toMillis() < 250) {
        throw new IllegalArgumentException("database connection timeout must be at least 250 ms");
      }
      password = password == null ? "" : password;
    }

    public static PoolSettings of(String jdbcUrl, String user, String password) {
      return new PoolSettings(jdbcUrl, user, password, 10, Duration.ofSeconds(2));
    }

    @Override
    public String toString() {
      return "PoolSettings[" + jdbcUrl + ", user=" + user + ", pool=" + maximumPoolSize + "]";
    }
  }

  /** A started pool; the caller closes it on shutdown. */
  public static HikariDataSource pooled(PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.maximumPoolSize());
    config.setMinimumIdle(Math.min(2, settings.maximumPoolSize()));
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis()));
    config.setPoolName("tokenless-roles");
    // Start even when the database is down: the cache may still answer, and the pool retries.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("connectTimeout", "3");
    config.addDataSourceProperty("socketTimeout", "30");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "tokenless");
    return new HikariDataSource(config);
  }
}
