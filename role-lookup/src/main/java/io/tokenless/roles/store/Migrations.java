package io.tokenless.roles.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a PostgreSQL schema up to date with the role model. The role model owns migration
 * versions 1 to 99 in {@value #LOCATION}; the server module adds its own (100 and up) from
 * another location, and both share one schema history table. Pass both locations to one
 * {@link #migrate(DataSource, String...)} call so versions apply in order.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  /** Where this module's migrations live on the class path. */
  public static final String LOCATION = "classpath:db/migration/roles";

  private Migrations() {}

  /** Applies this module's pending migrations; returns the number applied. */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, LOCATION);
  }

  /**
   * Applies the pending migrations of the given locations in one history. The server passes
   * {@link #LOCATION} together with its own location.
   */
  public static int migrate(DataSource dataSource, String... locations) {
    MigrateResult result = Flyway.configure()
        .dataSource(dataSource)
        .locations(locations)
        // Needed by the shared history: once the server's V100 is applied, a later role-model
        // migration (V2, V3, ...) has a lower version and would otherwise be refused. The two
        // ranges never interleave within one module, so the order inside each stays fixed.
        .outOfOrder(true)
        .load()
        .migrate();
    log.info("schema migrated: {} migration(s) applied, now at version {}", result.migrationsExecuted,
        result.targetSchemaVersion);
    return result.migrationsExecuted;
  }
}
