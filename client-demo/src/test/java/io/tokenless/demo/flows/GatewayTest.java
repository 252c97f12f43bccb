package io.tokenless.demo.flows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The gateway as clients and backends observe it: headers that arrive, refusals, upstream failures, the audit log. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DemoStack stack;
  private SpnegoClient alice;
  private SpnegoClient compute;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws Exception {
    stack = DemoStack.start(database, dir);
    alice = SpnegoClient.fromKeytab("alice@EXAMPLE.COM", dir.resolve("keytabs/alice.keytab"));
    compute = SpnegoClient.fromKeytab("compute@EXAMPLE.COM", dir.resolve("keytabs/compute.keytab"));
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  private HttpRequest.Builder as(SpnegoClient client, String path) {
    return HttpRequest.newBuilder(stack.url.resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Authorization", client.negotiateHeader("HTTP/localhost"))
        .header("X-Project-Name", "demo");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void spoofedIdentityHeaders_neverReachTheBackend() throws Exception {
    HttpResponse<String> response = send(as(alice, "/image/echo")
        .header("X-User-Id", stack.userIds.get("compute"))
        .header("X-User-Name", "admin")
        .header("X-Roles", "admin,service")
        .header("X-Identity-Status", "Confirmed")
        .header("X-Service-User-Id", stack.userIds.get("compute"))
        .header("X-Service-Roles", "service")
        .header("X-Is-Admin-Project", "True")
        .header("X-Tenant-Id", "someone-else")
        .header("X-Auth-Token", "gAAAAAforged")
        .header("X-SSL-Client-Cert", "-----BEGIN%20CERTIFICATE-----%0Aforged")
        .header("X-SSL-Client-S-DN", "CN=admin,OU=Default")
        .GET());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode headers = Json.MAPPER.readTree(response.body()).get("headers");
    assertThat(headers.get("X-User-Id").asText()).isEqualTo(stack.userIds.get("alice"));
    assertThat(headers.get("X-User-Name").asText()).isEqualTo("alice");
    assertThat(headers.get("X-Roles").asText()).isEqualTo("member,reader");
    assertThat(headers.get("X-Project-Id").asText()).isEqualTo(stack.userIds.get("demo"));
    assertThat(headers.get("X-Project-Name").asText()).isEqualTo("demo");
    assertThat(headers.get("X-Project-Domain-Id").asText()).isEqualTo("default");
    assertThat(headers.get("X-User-Domain-Name").asText()).isEqualTo("Default");
    assertThat(headers.get("X-Authenticated-Mechanism").asText()).isEqualTo("kerberos");
    assertThat(headers.get("X-Identity-Status").asText()).isEqualTo("Confirmed");
    assertThat(headers.has("X-Service-User-Id")).isFalse();
    assertThat(headers.has("X-Service-Roles")).isFalse();
    assertThat(headers.has("X-Tenant-Id")).isFalse();
    assertThat(headers.has("X-Auth-Token")).isFalse();
    assertThat(headers.has("Authorization")).as("the user's credential is not forwarded").isFalse();
    List<String> names = new ArrayList<>();
    headers.fieldNames().forEachRemaining(name -> names.add(name.toLowerCase(Locale.ROOT)));
    assertThat(names).as("a client's claim to a certificate").doesNotContain("x-ssl-client-cert", "x-ssl-client-s-dn");
  }

  @Test
  void imageAndNetwork_seeTheComputeServiceActingForAlice_andNobodyElse() throws Exception {
    HttpResponse<String> response = send(as(alice, "/compute/servers").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"server\": {\"name\": \"vm\", \"imageRef\": \"cirros\"}}")));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode trace = Json.MAPPER.readTree(response.body()).get("trace");
    assertThat(trace).hasSize(3);
    JsonNode atCompute = trace.get(0).get("seen_by");
    assertThat(atCompute.get("user_name").asText()).isEqualTo("alice");
    assertThat(atCompute.has("service_user_id")).isFalse();
    for (JsonNode hop : List.of(trace.get(1), trace.get(2))) {
      JsonNode seen = hop.get("seen_by");
      assertThat(seen.get("user_id").asText()).as(hop.get("service").asText()).isEqualTo(stack.userIds.get("alice"));
      assertThat(seen.get("project_id").asText()).isEqualTo(stack.userIds.get("demo"));
      assertThat(seen.get("roles")).extracting(JsonNode::asText).containsExactly("member", "reader");
      assertThat(seen.get("service_user_id").asText()).isEqualTo(stack.userIds.get("compute"));
      assertThat(seen.get("service_roles")).extracting(JsonNode::asText).containsExactly("service");
    }
  }

  @Test
  void aCallerWithoutTheServiceRole_cannotActOnBehalfOfAnotherUser() throws Exception {
    HttpResponse<String> response = send(as(alice, "/image/images/cirros")
        .header("X-On-Behalf-Of-User-Id", stack.userIds.get("carol")).GET());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.body()).contains("only a caller holding the service role");
  }

  @Test
  void aServiceNamingAUserWithoutRolesOnTheProject_isRefused() throws Exception {
    HttpResponse<String> response = send(as(compute, "/image/images/cirros")
        .header("X-On-Behalf-Of-User-Id", stack.userIds.get("carol")).GET());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("the user holds no role on the requested scope");
  }

  @Test
  void withoutCredentials_theGatewayAnswers401WithTheChallenges() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(stack.url.resolve("/image/images/cirros")).GET());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).contains("Negotiate");
  }

  @Test
  void anUpstreamThatIsDown_is502() throws Exception {
    HttpResponse<String> response = send(as(alice, "/dead/anything").GET());

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Json.MAPPER.readTree(response.body()).get("status").asInt()).isEqualTo(502);
  }

  @Test
  void anUpstreamThatDoesNotAnswerInTime_is504() throws Exception {
    HttpResponse<String> response = send(as(alice, "/silent/anything").GET());

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void decisions_areAuditedAsJsonLines_withTheRequestId() throws Exception {
    HttpResponse<String> allowed = send(as(compute, "/image/images/cirros")
        .header("X-On-Behalf-Of-User-Id", stack.userIds.get("alice")).GET());
    HttpResponse<String> denied = send(as(compute, "/image/images/cirros")
        .header("X-On-Behalf-Of-User-Id", stack.userIds.get("carol")).GET());

    assertThat(allowed.statusCode()).isEqualTo(200);
    String allowedId = allowed.headers().firstValue("X-OpenStack-Request-Id").orElseThrow();
    String deniedId = denied.headers().firstValue("X-OpenStack-Request-Id").orElseThrow();
    List<JsonNode> events = Files.readAllLines(stack.auditFile).stream().map(GatewayTest::json).toList();
    assertThat(events).filteredOn(e -> e.get("requestId").asText().equals(allowedId))
        .extracting(e -> e.get("kind").asText() + " " + e.get("outcome").asText())
        .containsExactly("authentication authenticated", "authorization allowed");
    JsonNode allowedDecision = events.stream().filter(e -> e.get("requestId").asText().equals(allowedId)
        && e.get("kind").asText().equals("authorization")).findFirst().orElseThrow();
    assertThat(allowedDecision.get("principal").asText()).isEqualTo("compute@EXAMPLE.COM");
    assertThat(allowedDecision.get("user").asText()).isEqualTo(stack.userIds.get("compute"));
    assertThat(allowedDecision.get("onBehalfOf").asText()).isEqualTo(stack.userIds.get("alice"));
    assertThat(allowedDecision.get("scope").asText()).isEqualTo("project:" + stack.userIds.get("demo"));
    assertThat(allowedDecision.get("roles")).extracting(JsonNode::asText).containsExactly("member", "reader");
    JsonNode deniedDecision = events.stream().filter(e -> e.get("requestId").asText().equals(deniedId)
        && e.get("kind").asText().equals("authorization")).findFirst().orElseThrow();
    assertThat(deniedDecision.get("outcome").asText()).isEqualTo("denied");
    assertThat(deniedDecision.get("onBehalfOf").asText()).isEqualTo(stack.userIds.get("carol"));
    assertThat(deniedDecision.get("reason").asText()).contains("no role");
    assertThat(Files.readString(stack.auditFile)).doesNotContain("Negotiate");
  }

  private static JsonNode json(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
