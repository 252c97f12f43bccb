package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.db.Database;
import io.tokenless.http.HttpServer;
import io.tokenless.keystone.VersionRoutes;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Jdbi;

/**
 * The administration API on a real Undertow server over a real, migrated database, plus a JDK
 * HTTP client. A test-only handler in front plays the authentication pipeline: the request
 * header {@value #AS_USER} names the calling user, who acts in their default project, and the
 * {@link Caller} it attaches carries the user's effective roles there, computed by the real
 * role lookup.
 *
 * <p>Starts with Keystone's bootstrap state: domain {@code default}, project {@code admin},
 * roles {@code admin ⇒ member ⇒ reader}, and user {@code admin} holding {@code admin} on the
 * project, which is the user's default project.
 */
final class AdminApi implements AutoCloseable {
  static final String PUBLIC_URL = "http://identity.example.com:5000";
  static final String AS_USER = "X-Test-User";

  final HikariDataSource dataSource;
  final RoleStore store;
  final SqlRoleLookup lookup;
  final CatalogStore catalog;
  final Domain defaultDomain;
  final Project adminProject;
  final Role admin;
  final Role member;
  final Role reader;
  final User adminUser;
  /** What the routes reported as ending tokens: {@code user:<id>}, {@code project:<id>}, ... */
  final List<String> revocations = new CopyOnWriteArrayList<>();

  private final HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final String base;

  AdminApi(TestDatabase database) {
    dataSource = DataSources.pooled(new DataSources.PoolSettings(database.jdbcUrl(), database.user(),
        database.password(), 4, Duration.ofSeconds(5)));
    Database.migrate(dataSource);
    // bcrypt at its lowest cost keeps password tests fast.
    store = RoleStore.create(dataSource, new RoleStore.Options(4, Set.of("admin")));
    lookup = SqlRoleLookup.over(store);
    catalog = new CatalogStore(Jdbi.create(dataSource));

    defaultDomain = store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "The default domain", true));
    adminProject = store.projects().create(new Project(Ids.random(), "admin", defaultDomain.id(), null, null, true));
    admin = store.roles().create(new Role(Ids.random(), "admin", null, null));
    member = store.roles().create(new Role(Ids.random(), "member", null, null));
    reader = store.roles().create(new Role(Ids.random(), "reader", null, null));
    store.roles().addImplied(admin.id(), member.id());
    store.roles().addImplied(member.id(), reader.id());
    adminUser = store.users().create(new User(Ids.random(), "admin", defaultDomain.id(), true, adminProject.id(),
        null, null), "secret".toCharArray());
    store.assignments().grant(new Assignment(admin.id(), Actor.user(adminUser.id()),
        Target.project(adminProject.id()), false));

    RoutingHandler routes = Routes.create();
    routes.addAll(new VersionRoutes(PUBLIC_URL).routes());
    routes.addAll(new KeystoneAdminRoutes(store, lookup, catalog, PUBLIC_URL, new RecordedRevocations()).routes());
    server = HttpServer.start("127.0.0.1", 0, Optional.empty(), new ErrorHandler(new Authenticate(routes)));
    base = "http://127.0.0.1:" + server.httpPort();
  }

  /** Keeps the reported revocations in order, as the token side would record events. */
  private final class RecordedRevocations implements TokenRevocations {
    @Override
    public void userChanged(String userId) {
      revocations.add("user:" + userId);
    }

    @Override
    public void projectChanged(String projectId) {
      revocations.add("project:" + projectId);
    }

    @Override
    public void domainChanged(String domainId) {
      revocations.add("domain:" + domainId);
    }

    @Override
    public void grantRevoked(Assignment assignment) {
      revocations.add("grant:" + assignment.actor().id() + ":" + assignment.target().id() + ":" + assignment.roleId());
    }
  }

  /** Plays the authentication pipeline from a test header, computing the caller honestly. */
  private final class Authenticate implements HttpHandler {
    private final HttpHandler next;

    Authenticate(HttpHandler next) {
      this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
      String userId = exchange.getRequestHeaders().getFirst(AS_USER);
      if (userId == null) {
        // Clients such as the openstack CLI (with --os-auth-type admin_token) send a token: here
        // the token simply is the user id.
        userId = exchange.getRequestHeaders().getFirst("X-Auth-Token");
      }
      if (userId != null) {
        store.users().find(userId).filter(User::enabled).ifPresent(user -> {
          // Scoped like a token for the user's default project; unscoped without one.
          Caller caller = Optional.ofNullable(user.defaultProjectId())
              .map(project -> Caller.from(lookup.effectiveRoles(user.id(), Scope.project(project))))
              .orElseGet(() -> new Caller(user.id(), user.name(), user.domainId(), Optional.empty(), Set.of()));
          exchange.putAttachment(Caller.KEY, caller);
        });
      }
      next.handleRequest(exchange);
    }
  }

  /** What a client sees of a response. */
  record Reply(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Reply send(String method, String path, String asUser, String json) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (asUser != null) {
      request.header(AS_USER, asUser);
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** As the bootstrap admin. */
  Reply admin(String method, String path, String json) {
    return send(method, path, adminUser.id(), json);
  }

  Reply admin(String method, String path) {
    return admin(method, path, null);
  }

  /** Creates through the API and returns the new entity's id. */
  String create(String collection, String member, String json) {
    Reply reply = admin("POST", "/v3/" + collection, "{\"" + member + "\": " + json + "}");
    if (reply.status() != 201) {
      throw new AssertionError("creating " + member + " answered " + reply.status() + ": " + reply.body());
    }
    return reply.json().at("/" + member + "/id").asText();
  }

  /** A user with a password and no roles, created directly in the store. */
  User plainUser(String name, String password) {
    return store.users().create(new User(Ids.random(), name, defaultDomain.id(), true, null, null, null),
        password == null ? null : password.toCharArray());
  }

  @Override
  public void close() {
    server.close();
    dataSource.close();
  }
}
