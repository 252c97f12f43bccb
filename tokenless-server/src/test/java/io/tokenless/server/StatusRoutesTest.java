package io.tokenless.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.PasswordConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusRoutesTest {
  private static final String PASSWORD = "status-password";

  private final HttpClient client = HttpClient.newHttpClient();
  private TokenlessServer server;
  private String base;
  private String adminId;
  private String aliceId;
  private String projectId;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) {
    new KeyRepository(dir.resolve("keys")).setup();
    server = TokenlessServer.start(new TokenlessConfig(
        new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), null), null,
        new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4), null,
        new FernetConfig(dir.resolve("keys"), null, null), new PasswordConfig(4), null, null, null, null));
    base = "http://127.0.0.1:" + server.httpPort();
    try (var pool = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(),
        database.password()))) {
      RoleStore store = RoleStore.create(pool, new RoleStore.Options(4, Set.of("admin")));
      store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "", true));
      projectId = store.projects().create(new Project(Ids.random(), "demo", Ids.DEFAULT_DOMAIN, null, null, true)).id();
      String admin = store.roles().create(new Role(Ids.random(), "admin", null, null)).id();
      String member = store.roles().create(new Role(Ids.random(), "member", null, null)).id();
      adminId = store.users().create(new User(Ids.random(), "admin", Ids.DEFAULT_DOMAIN, true, null, null, null),
          PASSWORD.toCharArray()).id();
      aliceId = store.users().create(new User(Ids.random(), "alice", Ids.DEFAULT_DOMAIN, true, null, null, null),
          PASSWORD.toCharArray()).id();
      store.assignments().grant(new Assignment(admin, Actor.user(adminId), Target.project(projectId), false));
      store.assignments().grant(new Assignment(member, Actor.user(aliceId), Target.project(projectId), false));
    }
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void admin_seesRevocationEventsPoolAndCache_andARevocationCountsOnce() throws Exception {
    String admin = issue(adminId);
    String alice = issue(aliceId);
    JsonNode before = Json.MAPPER.readTree(status(admin).body());

    HttpResponse<String> revoked = send("DELETE", "/v3/auth/tokens", "X-Auth-Token", admin, "X-Subject-Token", alice);
    HttpResponse<String> after = status(admin);

    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode figures = Json.MAPPER.readTree(after.body());
    assertThat(figures.get("revocation_events").asInt()).isEqualTo(before.get("revocation_events").asInt() + 1);
    assertThat(figures.at("/database_pool/maximum").asInt()).isEqualTo(4);
    assertThat(figures.at("/database_pool/total").asInt()).isBetween(1, 4);
    assertThat(figures.at("/database_pool/active").asInt()).as("the revocation listener's connection").isPositive();
    assertThat(figures.get("role_cache_entries").asInt()).isNotNegative();
  }

  @Test
  void nonAdmin_isForbidden_andNoCredentials_isUnauthenticated() throws Exception {
    assertThat(status(issue(aliceId)).statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous = send("GET", "/v1/status");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).isNotEmpty();
  }

  private HttpResponse<String> status(String token) throws Exception {
    return send("GET", "/v1/status", "X-Auth-Token", token);
  }

  private String issue(String userId) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}},
         "scope": {"project": {"id": "%s"}}}}""".formatted(userId, PASSWORD, projectId);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/v3/auth/tokens"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
