package io.tokenless.roles.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.Fixture;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lookup API over real HTTP. A test front handler plays the server's authentication: it
 * attaches a {@link Caller} holding the roles named in {@code X-Test-Roles}, or none when absent.
 */
@ExtendWith(PostgresExtension.class)
class RoleLookupRoutesTest {
  private static Fixture f;
  private static Undertow server;
  private static String base;
  private static final HttpClient client = HttpClient.newHttpClient();
  private static Domain d;
  private static Project project;
  private static User alice;
  private static Role member;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
    d = f.domain("Example");
    project = f.project(d, "demo");
    alice = f.user(d, "alice");
    member = f.role("member");
    f.store.users().bindPrincipal(alice.id(), Principal.kerberos("alice@EXAMPLE.COM"));
    f.store.assignments().grant(new Assignment(member.id(), Actor.user(alice.id()), Target.project(project.id()), false));
    f.store.assignments().grant(new Assignment(member.id(), Actor.user(alice.id()), Target.domain(d.id()), false));

    HttpHandler routes = new RoleLookupRoutes(SqlRoleLookup.over(f.store), SqlDirectory.over(f.store)).routes();
    HttpHandler authenticate = exchange -> {
      String roles = exchange.getRequestHeaders().getFirst("X-Test-Roles");
      if (roles != null) {
        exchange.putAttachment(Caller.KEY, new Caller(Ids.random(), "svc", "default",
            Optional.of(Scope.project(project.id())), Set.of(roles.split(","))));
      }
      routes.handleRequest(exchange);
    };
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new ErrorHandler(authenticate)).build();
    server.start();
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    base = "http://127.0.0.1:" + address.getPort();
  }

  @AfterAll
  static void stop() {
    server.stop();
    f.close();
  }

  private static HttpResponse<String> get(String query, String roles) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/lookup?" + query));
    if (roles != null) {
      request.header("X-Test-Roles", roles);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String body, String roles) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + "/v1/lookup"))
        .header("X-Test-Roles", roles)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.MAPPER.readTree(response.body());
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void serviceCaller_looksUpByUserIdAndProjectId() throws Exception {
    HttpResponse<String> response = get("user_id=" + alice.id() + "&project_id=" + project.id(), "service");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    JsonNode body = json(response);
    assertThat(body.at("/user/id").asText()).isEqualTo(alice.id());
    assertThat(body.at("/user/name").asText()).isEqualTo("alice");
    assertThat(body.at("/user/domain/name").asText()).isEqualTo("Example");
    assertThat(body.at("/scope/project/name").asText()).isEqualTo("demo");
    assertThat(body.at("/scope/project/domain/id").asText()).isEqualTo(d.id());
    assertThat(body.at("/roles/0/name").asText()).isEqualTo("member");
    assertThat(body.at("/roles/0/id").asText()).isEqualTo(member.id());
    assertThat(body.at("/revision").asLong()).isPositive();
  }

  @Test
  void principalAndProjectName_resolveToTheSameAnswer() throws Exception {
    HttpResponse<String> response = get("principal=" + enc("alice@EXAMPLE.COM") + "&project_name=demo&project_domain=Example",
        "service");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).at("/user/id").asText()).isEqualTo(alice.id());
    assertThat(json(response).at("/roles/0/name").asText()).isEqualTo("member");
  }

  @Test
  void domainAndSystemScopes_areAnswered() throws Exception {
    JsonNode onDomain = json(get("user_id=" + alice.id() + "&domain_id=" + d.id(), "admin"));
    JsonNode onSystem = json(get("user_id=" + alice.id() + "&system=all", "admin"));

    assertThat(onDomain.at("/scope/domain/name").asText()).isEqualTo("Example");
    assertThat(onDomain.at("/roles/0/name").asText()).isEqualTo("member");
    assertThat(onSystem.at("/scope/system/all").asBoolean()).isTrue();
    assertThat(onSystem.get("roles")).isEmpty();
  }

  @Test
  void callerWithoutServiceRole_isForbidden() throws Exception {
    HttpResponse<String> response = get("user_id=" + alice.id() + "&project_id=" + project.id(), "member,reader");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void anonymousCaller_isUnauthenticated() throws Exception {
    HttpResponse<String> response = get("user_id=" + alice.id() + "&project_id=" + project.id(), null);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void unknownUserOrPrincipalOrProject_isNotFound() throws Exception {
    assertThat(get("user_id=" + Ids.random() + "&project_id=" + project.id(), "service").statusCode()).isEqualTo(404);
    assertThat(get("principal=nobody%40EXAMPLE.COM&project_id=" + project.id(), "service").statusCode()).isEqualTo(404);
    assertThat(get("user_id=" + alice.id() + "&project_id=" + Ids.random(), "service").statusCode()).isEqualTo(404);
    assertThat(get("user_id=" + alice.id() + "&project_name=nope&project_domain=Example", "service").statusCode())
        .isEqualTo(404);
  }

  @Test
  void ambiguousOrIncompleteQuery_isBadRequest() throws Exception {
    assertThat(get("user_id=" + alice.id(), "service").statusCode()).isEqualTo(400);
    assertThat(get("user_id=" + alice.id() + "&project_id=" + project.id() + "&system=all", "service").statusCode())
        .isEqualTo(400);
    assertThat(get("project_id=" + project.id(), "service").statusCode()).isEqualTo(400);
    assertThat(get("user_id=" + alice.id() + "&project_name=demo", "service").statusCode()).isEqualTo(400);
    assertThat(get("user_id=" + alice.id() + "&system=some", "service").statusCode()).isEqualTo(400);
  }

  @Test
  void batch_answersEachQueryInOrder_withPerQueryErrors() throws Exception {
    String body = """
        {"queries": [
          {"user_id": "%s", "project_id": "%s"},
          {"principal": "alice@EXAMPLE.COM", "domain_name": "Example"},
          {"user_id": "%s", "project_id": "%s"}
        ]}""".formatted(alice.id(), project.id(), Ids.random(), project.id());

    HttpResponse<String> response = post(body, "service");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = json(response).get("results");
    assertThat(results).hasSize(3);
    assertThat(results.at("/0/roles/0/name").asText()).isEqualTo("member");
    assertThat(results.at("/1/scope/domain/id").asText()).isEqualTo(d.id());
    assertThat(results.at("/2/error/status").asInt()).isEqualTo(404);
  }

  @Test
  void batch_ofMoreThanAThousandQueries_isRefused() throws Exception {
    StringBuilder body = new StringBuilder("{\"queries\": [");
    for (int i = 0; i < 1001; i++) {
      body.append(i == 0 ? "" : ",").append("{\"user_id\": \"").append(alice.id()).append("\", \"system\": \"all\"}");
    }
    body.append("]}");

    assertThat(post(body.toString(), "service").statusCode()).isEqualTo(413);
  }

  @Test
  void batch_ofAThousandQueries_isAnswered() throws Exception {
    StringBuilder body = new StringBuilder("{\"queries\": [");
    for (int i = 0; i < 1000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"user_id\": \"").append(alice.id()).append("\", \"project_id\": \"")
          .append(project.id()).append("\"}");
    }
    body.append("]}");

    HttpResponse<String> response = post(body.toString(), "service");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("results")).hasSize(1000);
  }

  @Test
  void batch_withMalformedBodyOrUnknownMember_isBadRequest() throws Exception {
    assertThat(post("{\"queries\": 5}", "service").statusCode()).isEqualTo(400);
    assertThat(post("not json", "service").statusCode()).isEqualTo(400);
    HttpResponse<String> typo = post("{\"queries\": [{\"user_id\": \"" + alice.id() + "\", \"projectid\": \"x\"}]}",
        "service");
    assertThat(json(typo).at("/results/0/error/status").asInt()).isEqualTo(400);
  }

  @Test
  void batch_byNonService_isForbidden() throws Exception {
    assertThat(post("{\"queries\": []}", "reader").statusCode()).isEqualTo(403);
  }
}
