package io.tokenless.keystone.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.revocation.PostgresRevocations;
import io.tokenless.error.BadRequestException;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.web.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/** Runs a {@link KeystoneImport} of a file against a migrated database. */
public final class KeystoneImports {
  private KeystoneImports() {}

  public static KeystoneImport.Summary importFile(DataSource dataSource, TokenlessConfig config, Path file) {
    JsonNode export;
    try {
      export = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Keystone export " + file + ": " + e.getMessage(), e);
    }
    if (export == null || !export.isObject()) {
      throw new BadRequestException("the Keystone export " + file + " is not a JSON object");
    }
    RoleStore store = RoleStore.create(dataSource, new RoleStore.Options(config.passwords().bcryptCost(), Set.of("admin")));
    try (PostgresRevocations revocations = new PostgresRevocations(dataSource, Clock.systemUTC(),
        Duration.ofSeconds(config.fernet().tokenLifetimeSeconds()).plusDays(2))) {
      return new KeystoneImport(store, new CatalogStore(Jdbi.create(dataSource)), revocations::record).load(export);
    }
  }
}
