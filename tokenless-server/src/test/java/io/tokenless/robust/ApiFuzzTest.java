package io.tokenless.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tokenless.robust.RunningServer.Reply;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fuzz target for every JSON request body of the {@code /v3} administration API and
 * {@code /v1/lookup}, and the query parameters of {@code /v3/role_assignments}, {@code /v1/lookup}
 * and the {@code /v3} lists, through a started server as an authenticated admin. The first input
 * byte picks the endpoint; the rest is the body, or the query string (each character but
 * {@code &} and {@code =} percent-encoded, so keys and values are fuzzed, not the URI syntax).
 * Whatever the input: no 5xx, and the body is JSON of the endpoint's content type.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {
  private record Endpoint(String method, String path, boolean query) {}

  private RunningServer running;
  private Path dir;
  private List<Endpoint> endpoints;

  @BeforeAll
  void start(TestDatabase database) throws IOException {
    dir = Files.createTempDirectory("api-fuzz");
    running = new RunningServer(database, dir);
    // Entities of its own to patch, so the fuzzer cannot disable the admin or the default domain.
    Project project = running.store.projects().create(
        new Project(Ids.random(), "fuzz-project", Ids.DEFAULT_DOMAIN, null, null, true));
    User user = running.store.users().create(
        new User(Ids.random(), "fuzz-user", Ids.DEFAULT_DOMAIN, true, null, null, null), "x".toCharArray());
    endpoints = List.of(
        new Endpoint("POST", "/v3/domains", false),
        new Endpoint("POST", "/v3/projects", false),
        new Endpoint("POST", "/v3/users", false),
        new Endpoint("POST", "/v3/groups", false),
        new Endpoint("POST", "/v3/roles", false),
        new Endpoint("PATCH", "/v3/projects/" + project.id(), false),
        new Endpoint("PATCH", "/v3/users/" + user.id(), false),
        new Endpoint("POST", "/v3/services", false),
        new Endpoint("POST", "/v3/endpoints", false),
        new Endpoint("POST", "/v3/regions", false),
        new Endpoint("POST", "/v1/lookup", false),
        new Endpoint("GET", "/v3/role_assignments", true),
        new Endpoint("GET", "/v1/lookup", true),
        new Endpoint("GET", "/v3/users", true),
        new Endpoint("GET", "/v3/projects", true),
        new Endpoint("GET", "/v3/domains", true));
  }

  @AfterAll
  void stop() throws IOException {
    running.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @FuzzTest(maxDuration = "5m")
  void anyRequestBodyOrQuery_isAnsweredWithoutAServerError_inJson(byte[] input) throws IOException {
    if (input.length == 0) {
      return;
    }
    Endpoint endpoint = endpoints.get((input[0] & 0xff) % endpoints.size());
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    Reply reply;
    String what;
    if (endpoint.query()) {
      String query = encodeQuery(new String(rest, StandardCharsets.UTF_8));
      what = endpoint.method() + " " + endpoint.path() + "?" + query;
      reply = running.send(endpoint.method(), endpoint.path() + "?" + query, (byte[]) null);
    } else {
      what = endpoint.method() + " " + endpoint.path() + " " + new String(rest, StandardCharsets.UTF_8);
      reply = running.send(endpoint.method(), endpoint.path(), rest);
    }

    assertThat(reply.status()).as(what + " -> " + reply.body()).isBetween(200, 499);
    if (!reply.body().isEmpty()) {
      assertThat(reply.contentType()).as(what)
          .isEqualTo(endpoint.path().startsWith("/v3") ? "application/json" : reply.contentType());
      assertThat(reply.contentType()).as(what).isIn("application/json", "application/problem+json");
      Json.MAPPER.readTree(reply.body());
    }
  }

  /** Percent-encodes everything but the separators, so the query stays a query. */
  private static String encodeQuery(String text) {
    StringBuilder out = new StringBuilder();
    for (String pair : text.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int equals = pair.indexOf('=');
      if (equals < 0) {
        out.append(encode(pair));
      } else {
        out.append(encode(pair.substring(0, equals))).append('=').append(encode(pair.substring(equals + 1)));
      }
    }
    return out.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
