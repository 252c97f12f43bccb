package io.tokenless.server;

import io.tokenless.catalog.CatalogSeeder;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.Database;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeyRepositoryWatcher;
import io.tokenless.http.HttpServer;
import io.tokenless.keystone.VersionRoutes;
import io.tokenless.keystone.auth.KeystoneAuthRoutes;
import io.tokenless.keystone.auth.TokenService;
import io.tokenless.db.revocation.PostgresRevocations;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Routes;
import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every component from a {@link TokenlessConfig}, starts the
 * listeners, and closes everything in reverse order. Used by {@code serve} and {@code dev}.
 */
public final class TokenlessServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TokenlessServer.class);

  private final Deque<AutoCloseable> resources;
  private final HttpServer http;

  private TokenlessServer(Deque<AutoCloseable> resources, HttpServer http) {
    this.resources = resources;
    this.http = http;
  }

  /** Starts a server; on failure closes whatever was already started and rethrows. */
  public static TokenlessServer start(TokenlessConfig config) {
    Deque<AutoCloseable> resources = new ArrayDeque<>();
    try {
      Database database = Database.open(config.database());
      resources.push(database);
      database.migrate();
      Jdbi jdbi = Jdbi.create(database.dataSource());
      CatalogStore catalog = new CatalogStore(jdbi);
      new CatalogSeeder(catalog).seed(config.catalog());

      RoutingHandler routes = Routes.create();
      routes.addAll(new VersionRoutes(config.server().baseUrl()).routes());

      KeyRepositoryWatcher fernetKeys = new KeyRepositoryWatcher(new KeyRepository(config.fernet().keyRepository()));
      Duration tokenLifetime = Duration.ofSeconds(config.fernet().tokenLifetimeSeconds());
      PostgresRevocations revocations = new PostgresRevocations(database.dataSource(), Clock.systemUTC(),
          tokenLifetime.plus(FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW));
      resources.push(revocations);
      RoleStore roleStore = RoleStore.create(database.dataSource());
      TokenService tokens = TokenService.create(fernetKeys, roleStore, SqlRoleLookup.over(roleStore), revocations,
          tokenLifetime, config.server().baseUrl());
      routes.addAll(new KeystoneAuthRoutes(tokens, catalog, config.server().baseUrl()).routes());

      HttpServer http = HttpServer.start(config.server().bindAddress(), config.server().port(),
          Optional.empty(), new ErrorHandler(routes));
      resources.push(http);
      return new TokenlessServer(resources, http);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  public int httpPort() {
    return http.httpPort();
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("{} did not close cleanly", resource.getClass().getSimpleName(), e);
      }
    }
  }
}
