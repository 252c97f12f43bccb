package io.tokenless.keystone.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.auth.AuthOutcome;
import io.tokenless.catalog.CatalogSeeder;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.config.CatalogConfig;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.db.Database;
import io.tokenless.fernet.AuthMethods;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeyRepositoryWatcher;
import io.tokenless.fernet.PayloadCodec;
import io.tokenless.http.HttpServer;
import io.tokenless.http.auth.TokenMechanism;
import io.tokenless.db.revocation.PostgresRevocations;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.cache.Connector;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One token API node for tests, built from the real components on a test database, with a clock
 * the test controls. Besides the token API it serves {@code GET /whoami}, which runs the
 * {@link TokenMechanism} and answers its outcome as JSON, and it stands in for the
 * authentication pipeline by attaching an {@link ExternalIdentity} when a request carries
 * {@code X-Test-Kerberos-User} (the user id a Kerberos login would have been mapped to). It can
 * also run the mechanism on every request first, as the pipeline does, so the routes take the
 * caller's token from it.
 */
final class TokenApiServer implements AutoCloseable {

  static final String BASE_URL = "http://identity.test:5000";

  final Database database;
  final RoleStore store;
  final PostgresRevocations revocations;
  final CachingRoleLookup cache;
  final TokenService tokens;
  final CatalogStore catalog;
  final HttpServer http;
  final String base;
  private final HttpClient client = HttpClient.newHttpClient();

  TokenApiServer(TestDatabase db, Path keyRepository, java.time.Clock clock, Duration lifetime) {
    this(db, keyRepository, clock, lifetime, 0);
  }

  /**
   * @param port a fixed port whose address becomes the public URL (catalog, challenge), for
   *     clients that follow the catalog; 0 for any port and {@link #BASE_URL}
   */
  TokenApiServer(TestDatabase db, Path keyRepository, java.time.Clock clock, Duration lifetime, int port) {
    this(db, keyRepository, clock, lifetime, port, false);
  }

  /** @param mechanismFirst run the {@link TokenMechanism} on every request before the routes */
  TokenApiServer(TestDatabase db, Path keyRepository, java.time.Clock clock, Duration lifetime, int port,
      boolean mechanismFirst) {
    String baseUrl = port == 0 ? BASE_URL : "http://127.0.0.1:" + port;
    database = Database.open(new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 4));
    database.migrate();
    store = RoleStore.create(database.dataSource(), new RoleStore.Options(4, Set.of("admin")));
    catalog = new CatalogStore(org.jdbi.v3.core.Jdbi.create(database.dataSource()));
    new CatalogSeeder(catalog).seed(CatalogConfig.identityOnly(URI.create(baseUrl)));
    new KeyRepository(keyRepository).setup();
    KeyRepositoryWatcher keys = new KeyRepositoryWatcher(new KeyRepository(keyRepository));
    AuthMethods methods = new AuthMethods(TokenService.TOKEN_METHODS);
    FernetTokenProvider provider = new FernetTokenProvider(keys, new PayloadCodec(methods, "default"),
        clock, FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW);
    revocations = new PostgresRevocations(database.dataSource(), clock,
        lifetime.plus(FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW));
    SqlRoleLookup lookup = SqlRoleLookup.over(store);
    // The cache the server runs with, so tests see what a user sees after a write: invalidation
    // by notification, not a fresh read.
    cache = CachingRoleLookup.start(lookup, SqlDirectory.over(store), Connector.of(db.jdbcUrl(), db.user(),
        db.password()), CachingRoleLookup.Settings.defaults());
    store.onCommit(cache::committed);
    tokens = new TokenService(provider, methods, store, cache, cache, lookup, revocations, clock, lifetime,
        List.of(KeystoneAuthRoutes.challenge(baseUrl)));

    RoutingHandler routes = Routes.create();
    routes.addAll(new io.tokenless.keystone.VersionRoutes(baseUrl).routes());
    routes.addAll(new KeystoneAuthRoutes(tokens, catalog, baseUrl).routes());
    TokenMechanism mechanism = new TokenMechanism(tokens, baseUrl);
    routes.get("/whoami", exchange -> {
      AuthOutcome outcome = mechanism.authenticate(exchange);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("outcome", outcome.getClass().getSimpleName());
      body.put("challenge", mechanism.challenge().orElse(null));
      if (outcome instanceof AuthOutcome.Authenticated authenticated) {
        body.put("mechanism", authenticated.principal().mechanism());
        body.put("name", authenticated.principal().name());
        body.put("attributes", authenticated.principal().attributes());
      } else if (outcome instanceof AuthOutcome.Failed failed) {
        body.put("message", failed.clientMessage());
      }
      Json.send(exchange, 200, body);
    });
    HttpString kerberosUser = new HttpString("X-Test-Kerberos-User");
    HttpHandler pipeline = exchange -> {
      if (mechanismFirst) {
        // As the authentication pipeline does: every mechanism looks at every request first.
        mechanism.authenticate(exchange);
      }
      String user = exchange.getRequestHeaders().getFirst(kerberosUser);
      if (user != null) {
        exchange.putAttachment(ExternalIdentity.ATTACHMENT,
            new ExternalIdentity("kerberos", user, user + "@EXAMPLE.COM"));
      }
      routes.handleRequest(exchange);
    };
    // As the server runs them: validations first tried on the IO thread.
    http = HttpServer.start("127.0.0.1", port, Optional.empty(),
        new ErrorHandler(pipeline, KeystoneAuthRoutes::isTokenValidation));
    base = "http://127.0.0.1:" + http.httpPort();
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  @Override
  public void close() {
    http.close();
    revocations.close();
    cache.close();
    database.close();
  }
}
