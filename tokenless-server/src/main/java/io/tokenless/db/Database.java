package io.tokenless.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.tokenless.config.DatabaseConfig;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The PostgreSQL connection pool and the schema migrations of every module. The role model's
 * migrations ({@code db/migration/roles}, versions below 100) and the server's
 * ({@code db/migration/server}, versions from 100) share one schema history.
 */
public final class Database implements AutoCloseable {
  private static final String[] LOCATIONS = {"classpath:db/migration/roles", "classpath:db/migration/server"};

  private final HikariDataSource pool;
  private final DataSource dataSource;

  private Database(HikariDataSource pool) {
    this.pool = pool;
    this.dataSource = new WorkerOnlyDataSource(pool);
  }

  /** Opens a pool; fails fast (with the driver's reason) when PostgreSQL cannot be reached. */
  public static Database open(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setMinimumIdle(Math.min(2, config.poolSize()));
    hikari.setPoolName("tokenless");
    hikari.setConnectionTimeout(5_000);
    // A lookup waiting longer than this is better answered from cache or with 503.
    hikari.setValidationTimeout(2_000);
    hikari.setInitializationFailTimeout(10_000);
    return new Database(new HikariDataSource(hikari));
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The pool's connections now: in use (the revocation listener holds one for good), idle, open
   * in total, callers waiting for one, and the configured maximum.
   */
  public record PoolFigures(int active, int idle, int total, int waiting, int maximum) {}

  public PoolFigures poolFigures() {
    HikariPoolMXBean figures = pool.getHikariPoolMXBean();
    return new PoolFigures(figures.getActiveConnections(), figures.getIdleConnections(), figures.getTotalConnections(),
        figures.getThreadsAwaitingConnection(), pool.getMaximumPoolSize());
  }

  /** Applies pending migrations; returns how many ran. */
  public int migrate() {
    return migrate(dataSource);
  }

  public static int migrate(DataSource dataSource) {
    MigrateResult result = Flyway.configure()
        .dataSource(dataSource)
        .locations(LOCATIONS)
        .failOnMissingLocations(false)
        // Each module numbers its own migrations; a later role-model migration sorts below the server's.
        .outOfOrder(true)
        .load()
        .migrate();
    return result.migrationsExecuted;
  }

  @Override
  public void close() {
    pool.close();
  }
}
