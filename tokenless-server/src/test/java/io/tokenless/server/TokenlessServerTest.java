package io.tokenless.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenlessServerTest {
  /** server.maxRequestBytes, well below the 1 MiB default. */
  private static final int MAX_REQUEST_BYTES = 4096;

  private final HttpClient client = HttpClient.newHttpClient();
  private TokenlessServer server;
  private String base;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws IOException {
    new io.tokenless.fernet.KeyRepository(dir.resolve("keys")).setup();
    server = TokenlessServer.start(new TokenlessConfig(
        new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), MAX_REQUEST_BYTES),
        null,
        new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4),
        null,
        new FernetConfig(dir.resolve("keys"), null, null),
        null, null, null, null, null));
    base = "http://127.0.0.1:" + server.httpPort();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void root_answersMultipleChoicesWithTheV3Version() throws Exception {
    HttpResponse<String> response = send("GET", "/");

    assertThat(response.statusCode()).isEqualTo(300);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode version = Json.MAPPER.readTree(response.body()).at("/versions/values/0");
    assertThat(version.get("id").asText()).isEqualTo("v3.14");
    assertThat(version.at("/links/0/href").asText()).isEqualTo("http://identity.example.com:5000/v3/");
  }

  @Test
  void v3_answersTheVersionWithKeystonesMediaType() throws Exception {
    HttpResponse<String> response = send("GET", "/v3");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode version = Json.MAPPER.readTree(response.body()).get("version");
    assertThat(version.get("status").asText()).isEqualTo("stable");
    assertThat(version.at("/media-types/0/type").asText()).isEqualTo("application/vnd.openstack.identity-v3+json");
  }

  @Test
  void versionDocuments_answerHeadWithTheStatusOfGet_andNoBody() throws Exception {
    HttpResponse<String> root = send("HEAD", "/");
    HttpResponse<String> v3 = send("HEAD", "/v3");
    HttpResponse<String> v3Slash = send("HEAD", "/v3/");

    assertThat(root.statusCode()).isEqualTo(300);
    assertThat(v3.statusCode()).isEqualTo(200);
    assertThat(v3Slash.statusCode()).isEqualTo(200);
    assertThat(root.body() + v3.body() + v3Slash.body()).isEmpty();
  }

  @Test
  void bodyOverTheConfiguredLimit_is413_andOneBelowItIsRead() throws Exception {
    String padding = "x".repeat(MAX_REQUEST_BYTES);
    HttpResponse<String> tooLarge = post("/v3/auth/tokens", "{\"auth\": {\"padding\": \"" + padding + "\"}}");
    HttpResponse<String> small = post("/v3/auth/tokens", "{\"auth\": {\"padding\": \"" + padding.substring(100) + "\"}}");

    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(Json.MAPPER.readTree(tooLarge.body()).at("/error/code").asInt()).isEqualTo(413);
    assertThat(small.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(small.body()).at("/error/message").asText()).contains("identity");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unknownPathUnderV3_isAKeystoneStyle404InJson() throws Exception {
    HttpResponse<String> response = send("GET", "/v3/no-such-thing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(Json.MAPPER.readTree(response.body()).at("/error/code").asInt()).isEqualTo(404);
  }

  @Test
  void unknownPathElsewhere_isAProblemDocument() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nothing-here");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = Json.MAPPER.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("instance").asText()).isEqualTo("/v1/nothing-here");
  }

  @Test
  void wrongMethod_is405() throws Exception {
    HttpResponse<String> response = send("DELETE", "/v3");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(Json.MAPPER.readTree(response.body()).at("/error/title").asText()).isEqualTo("Method Not Allowed");
  }

  @Test
  void wrongMethod_namesTheMethodsThePathServes_inAllow() throws Exception {
    HttpResponse<String> version = send("DELETE", "/v3");
    HttpResponse<String> project = send("POST", "/v3/projects/0123456789abcdef0123456789abcdef");
    HttpResponse<String> lookup = send("PUT", "/v1/lookup");

    assertThat(version.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(project.statusCode()).isEqualTo(405);
    assertThat(project.headers().firstValue("Allow")).hasValue("GET, HEAD, PATCH, DELETE");
    assertThat(lookup.statusCode()).isEqualTo(405);
    assertThat(lookup.headers().firstValue("Allow")).hasValue("GET, POST");
  }

  @Test
  void responses_keepTheConnectionAlive() throws Exception {
    HttpResponse<String> response = send("GET", "/v3");

    assertThat(response.headers().firstValue("Connection")).hasValue("keep-alive");
  }
}
