package io.tokenless.server;

import io.tokenless.catalog.CatalogSeeder;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.audit.AuditLog;
import io.tokenless.audit.DeferredAuditLog;
import io.tokenless.audit.JsonLinesAuditLog;
import io.tokenless.config.GatewayConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.gateway.Gateway;
import io.tokenless.db.Database;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeyRepositoryWatcher;
import io.tokenless.http.HttpServer;
import io.tokenless.keystone.VersionRoutes;
import io.tokenless.http.auth.AuthMechanism;
import io.tokenless.http.auth.AuthenticationHandler;
import io.tokenless.http.auth.IdentityResolver;
import io.tokenless.http.auth.ScopeResolver;
import io.tokenless.http.auth.WhoamiRoutes;
import io.tokenless.http.tls.ServerTls;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.keystone.admin.KeystoneAdminRoutes;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.cache.Connector;
import io.tokenless.roles.http.RoleLookupRoutes;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.http.auth.TokenMechanism;
import io.tokenless.keystone.auth.KeystoneAuthRoutes;
import io.tokenless.keystone.auth.TokenService;
import io.tokenless.db.revocation.PostgresRevocations;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.RoutingHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * The composition root: builds every component from a {@link TokenlessConfig}, starts the
 * listeners, and closes everything in reverse order. Used by {@code serve} and {@code dev}.
 */
public final class TokenlessServer implements AutoCloseable {
  private final Resources resources;
  private final HttpServer http;

  private TokenlessServer(Resources resources, HttpServer http) {
    this.resources = resources;
    this.http = http;
  }

  /** Starts a server; on failure closes whatever was already started and rethrows. */
  public static TokenlessServer start(TokenlessConfig config) {
    Resources resources = new Resources();
    try {
      Database database = Database.open(config.database());
      resources.add(database);
      database.migrate();
      Jdbi jdbi = Jdbi.create(database.dataSource());
      CatalogStore catalog = new CatalogStore(jdbi);
      new CatalogSeeder(catalog).seed(config.catalog());

      RoleStore store = RoleStore.create(database.dataSource(),
          new RoleStore.Options(config.passwords().bcryptCost(), Set.of("admin")));
      SqlRoleLookup sqlLookup = SqlRoleLookup.over(store);
      CachingRoleLookup lookup = CachingRoleLookup.start(sqlLookup, SqlDirectory.over(store),
          Connector.of(config.database().url(), config.database().user(), config.database().password()),
          new CachingRoleLookup.Settings(config.cache().maxEntries(), Duration.ofSeconds(config.cache().ttlSeconds()),
              Duration.ofMillis(200), Duration.ofSeconds(5)));
      resources.add(lookup);
      store.onCommit(lookup::committed);

      KeyRepositoryWatcher fernetKeys = new KeyRepositoryWatcher(new KeyRepository(config.fernet().keyRepository()));
      Duration tokenLifetime = Duration.ofSeconds(config.fernet().tokenLifetimeSeconds());
      PostgresRevocations revocations = new PostgresRevocations(database.dataSource(), Clock.systemUTC(),
          tokenLifetime.plus(FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW));
      resources.add(revocations);
      TokenService tokens = TokenService.create(fernetKeys, store, lookup, sqlLookup, revocations, tokenLifetime,
          config.server().baseUrl());

      List<AuthMechanism> mechanisms = new ArrayList<>();
      if (config.kerberos() != null) {
        mechanisms.add(Mechanisms.spnego(config.kerberos()));
      }
      Optional<HttpServer.TlsListener> tls = Optional.empty();
      if (config.tls() != null) {
        ServerTls serverTls = Mechanisms.serverTls(config.tls());
        tls = Optional.of(new HttpServer.TlsListener(config.tls().bindAddress(), config.tls().port(),
            serverTls.sslContext(), serverTls.undertowOptions()));
        if (config.tls().clientCa() != null) {
          mechanisms.add(Mechanisms.clientCertificate(config.tls()));
        }
      }

      mechanisms.add(new TokenMechanism(tokens, config.server().baseUrl()));

      RoutingHandler routes = Routes.create();
      routes.addAll(new VersionRoutes(config.server().baseUrl()).routes());
      routes.addAll(new WhoamiRoutes(store, lookup).routes());
      routes.addAll(new RoleLookupRoutes(lookup, lookup).routes());
      routes.addAll(new KeystoneAdminRoutes(store, sqlLookup, catalog, config.server().baseUrl(),
          new AdminRevocations(revocations)).routes());
      routes.addAll(new KeystoneAuthRoutes(tokens, catalog, config.server().baseUrl()).routes());
      routes.addAll(new StatusRoutes(revocations, database, lookup).routes());

      AuditLog audit = DeferredAuditLog.around(auditLog(config.gateway().audit()));
      resources.add(audit);
      AuthenticationHandler authentication = new AuthenticationHandler(mechanisms,
          new IdentityResolver(store, IdentityMapper.of(config.mapping().rules()), lookup), new ScopeResolver(store, lookup),
          lookup, Gateway.of(config.gateway(), lookup, audit).wrap(routes), audit);
      int maxBody = config.server().maxRequestBytes();
      HttpServer http = HttpServer.start(config.server().bindAddress(), config.server().port(), tls,
          new ErrorHandler(exchange -> {
            exchange.putAttachment(Json.MAX_BODY, maxBody);
            authentication.handleRequest(exchange);
          }, KeystoneAuthRoutes::isTokenValidation));
      resources.add(http);
      return new TokenlessServer(resources, http);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  private static AuditLog auditLog(GatewayConfig.Audit config) {
    if (config.file() != null) {
      return JsonLinesAuditLog.toFile(config.file());
    }
    return config.stderr() ? JsonLinesAuditLog.toStream(System.err, "stderr") : AuditLog.NONE;
  }

  public int httpPort() {
    return http.httpPort();
  }

  public int httpsPort() {
    return http.httpsPort();
  }

  @Override
  public void close() {
    resources.close();
  }

}
