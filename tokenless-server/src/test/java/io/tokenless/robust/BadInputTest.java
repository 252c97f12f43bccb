package io.tokenless.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.robust.RunningServer.Reply;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input against a started server over real sockets: what an attacker can send before and
 * after authenticating. Never a 500, never a stack trace, the data intact afterwards.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final List<String> SQL_METACHARACTERS = List.of(
      "'; DROP TABLE users; --", "%", "_", "\\", "a%b_c\\d\" OR 1=1 --$$");

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BadInputTest.class);

  private RunningServer running;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) {
    running = new RunningServer(database, dir);
  }

  @AfterAll
  void stop() {
    running.close();
  }

  // ---- raw HTTP -------------------------------------------------------------------------

  /** Sends raw bytes and reads until the server closes or {@code timeoutMillis} passes. */
  private String raw(byte[] request, int timeoutMillis) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", running.server.httpPort())) {
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (SocketException e) {
        // The server may answer and close before it has read everything we send.
      }
      return readAll(socket.getInputStream());
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        response.write(buffer, 0, n);
        if (complete(response.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException | SocketException e) {
      // Whatever arrived is the answer.
    }
    return response.toString(StandardCharsets.ISO_8859_1);
  }

  /** A whole response with a Content-Length has arrived (keep-alive would otherwise block). */
  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase();
    int at = head.indexOf("content-length:");
    if (at < 0) {
      return false;
    }
    int length = Integer.parseInt(head.substring(at + 15, head.indexOf('\n', at) < 0 ? head.length()
        : head.indexOf('\n', at)).strip());
    return text.length() >= end + 4 + length;
  }

  private static int status(String response) {
    assertThat(response).as("a response").startsWith("HTTP/1.1 ");
    return Integer.parseInt(response.substring(9, 12));
  }

  @Test
  void oversizedHeaders_are431Or400_notAServerError() throws IOException {
    String big = "x".repeat(80 * 1024);
    String response = raw(("GET /v3 HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII), 10_000);

    log.info("observed: oversized headers -> {}", status(response));
    assertThat(status(response)).isIn(400, 431);
  }

  @Test
  void oversizedNegotiateHeader_isRefusedWithoutAServerError() {
    String big = "Negotiate " + "A".repeat(60 * 1024);
    Reply reply = running.sendWithAuthorization("GET", "/v3/domains", big);

    log.info("observed: oversized Negotiate header -> {}", reply.status());
    assertThat(reply.status()).isIn(400, 401, 431);
  }

  @Test
  void oversizedJsonBody_is413() {
    String name = "n".repeat(2 << 20);
    Reply reply = running.send("POST", "/v3/domains", "{\"domain\": {\"name\": \"" + name + "\"}}");

    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.contentType()).isEqualTo("application/json");
  }

  @Test
  void oversizedBodyAnnouncedByContentLength_is413BeforeItIsSent() throws IOException {
    String response = raw(("POST /v3/domains HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
        + running.adminAuthorization() + "\r\nX-Project-Id: " + running.adminProject.id()
        + "\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{")
        .getBytes(StandardCharsets.US_ASCII), 10_000);

    assertThat(status(response)).isEqualTo(413);
  }

  @Test
  void slowLoris_isCutOffByTheParseTimeout_whileOthersAreServed() throws Exception {
    byte[] request = "GET /v3 HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
    long started = System.nanoTime();
    boolean cutOff = false;
    try (Socket socket = new Socket("127.0.0.1", running.server.httpPort())) {
      socket.setSoTimeout(200);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      int i = 0;
      while (System.nanoTime() - started < 25_000_000_000L) {
        try {
          out.write(request[i++ % request.length]);
          out.flush();
        } catch (SocketException e) {
          cutOff = true;
          break;
        }
        try {
          if (in.read() < 0) {
            cutOff = true;
            break;
          }
        } catch (SocketTimeoutException e) {
          // Still open: trickle on, and check the server keeps serving everyone else.
          if (i % 10 == 0) {
            assertThat(running.send("GET", "/v3", (String) null).status()).isEqualTo(200);
          }
        } catch (SocketException e) {
          cutOff = true;
          break;
        }
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    log.info("observed: slow-loris connection cut off={} after {} s", cutOff, seconds);

    assertThat(cutOff).as("connection closed by the server").isTrue();
    assertThat(seconds).as("seconds until cut off").isBetween(9L, 16L);
  }

  @Test
  void invalidUtf8InJsonBody_is400() {
    byte[] body = "{\"domain\": {\"name\": \"\u0000\"}}".getBytes(StandardCharsets.UTF_8);
    byte[] broken = new byte[body.length + 2];
    System.arraycopy(body, 0, broken, 0, 21);
    broken[21] = (byte) 0xC3;
    broken[22] = (byte) 0x28;
    System.arraycopy(body, 21, broken, 23, body.length - 21);

    Reply reply = running.send("POST", "/v3/domains", broken);

    assertThat(reply.status()).isEqualTo(400);
    assertKeystoneError(reply, 400);
  }

  @Test
  void invalidUtf8InPathAndQuery_isNeverAServerError() {
    for (String path : List.of("/v3/domains/%C3%28", "/v3/users/%FF%FE", "/v3/domains?name=%C3%28",
        "/v3/role_assignments?user.id=%FF", "/v1/lookup?user_id=%C3%28&project_id=%FF",
        "/v3/projects?name=%ED%A0%80", "/v3/%C0%AE%C0%AE/domains")) {
      Reply reply = running.send("GET", path, (String) null);

      log.info("observed: {} -> {}", path, reply.status());
      assertThat(reply.status()).as(path).isIn(200, 400, 404);
      assertJson(reply, path);
    }
  }

  @Test
  void rawInvalidUtf8BytesInTheRequestLine_areNeverAServerError() throws IOException {
    byte[] line = "GET /v3/domains/\u00ff\u00fe?name=\u00c3( HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);

    String response = raw(line, 10_000);

    log.info("observed: raw invalid UTF-8 request line -> {}", status(response));
    assertThat(status(response)).isIn(400, 401, 404);
  }

  @Test
  void sqlMetacharactersInNames_areStoredVerbatimAndFoundExactly_andTheDataStaysIntact() throws Exception {
    long usersBefore = count("users");
    for (String name : SQL_METACHARACTERS) {
      String json = Json.MAPPER.writeValueAsString(name);
      String domainId = created(running.send("POST", "/v3/domains",
          "{\"domain\": {\"name\": " + json + "}}"), "domain", name);
      created(running.send("POST", "/v3/projects",
          "{\"project\": {\"name\": " + json + ", \"domain_id\": \"" + domainId + "\"}}"), "project", name);
      created(running.send("POST", "/v3/users",
          "{\"user\": {\"name\": " + json + ", \"domain_id\": \"" + domainId + "\", \"password\": \"x\"}}"),
          "user", name);
      created(running.send("POST", "/v3/groups",
          "{\"group\": {\"name\": " + json + ", \"domain_id\": \"" + domainId + "\"}}"), "group", name);
      created(running.send("POST", "/v3/roles", "{\"role\": {\"name\": " + json + "}}"), "role", name);

      String query = URLEncoder.encode(name, StandardCharsets.UTF_8);
      for (String collection : List.of("domains", "projects", "users", "groups", "roles")) {
        Reply list = running.send("GET", "/v3/" + collection + "?name=" + query, (String) null);
        assertThat(list.status()).as(collection + " named " + name).isEqualTo(200);
        JsonNode items = Json.MAPPER.readTree(list.body()).get(collection);
        assertThat(items).as(collection + " named " + name).isNotEmpty();
        items.forEach(item -> assertThat(item.get("name").asText()).as(collection).isEqualTo(name));
      }
    }

    assertThat(count("users")).isEqualTo(usersBefore + SQL_METACHARACTERS.size());
    assertThat(running.send("GET", "/v3/users/" + running.adminUser.id(), (String) null).status()).isEqualTo(200);
  }

  @Test
  void sqlMetacharactersInIdsAndFilters_areNotFoundOrBadRequest_never500() throws Exception {
    long usersBefore = count("users");
    for (String value : SQL_METACHARACTERS) {
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
      for (String path : List.of(
          "/v3/domains/" + encoded, "/v3/projects/" + encoded, "/v3/users/" + encoded,
          "/v3/groups/" + encoded, "/v3/roles/" + encoded, "/v3/groups/" + encoded + "/users",
          "/v3/projects/" + encoded + "/users/" + encoded + "/roles",
          "/v3/role_assignments?user.id=" + encoded, "/v3/role_assignments?group.id=" + encoded,
          "/v3/role_assignments?role.id=" + encoded, "/v3/role_assignments?scope.project.id=" + encoded,
          "/v3/role_assignments?scope.domain.id=" + encoded + "&effective", 
          "/v3/role_assignments?scope.project.id=" + encoded + "&include_subtree=true",
          "/v3/projects?domain_id=" + encoded, "/v3/users?domain_id=" + encoded + "&enabled=" + encoded,
          "/v1/lookup?user_id=" + encoded + "&project_id=" + encoded,
          "/v1/lookup?principal=" + encoded + "&project_name=" + encoded + "&project_domain=" + encoded,
          "/v1/lookup?user_id=" + encoded + "&domain_id=" + encoded,
          "/v1/lookup?user_id=" + encoded + "&system=" + encoded)) {
        Reply reply = running.send("GET", path, (String) null);

        log.info("observed: {} -> {}", path, reply.status());
        assertThat(reply.status()).as(path).isIn(200, 400, 404);
        assertJson(reply, path);
      }
      Reply delete = running.send("DELETE", "/v3/users/" + encoded, (String) null);
      assertThat(delete.status()).as("DELETE user " + value).isIn(400, 404);
    }

    assertThat(count("users")).isEqualTo(usersBefore);
  }

  @Test
  void nulCharactersInFiltersIdsAndNames_areBadRequestsOrNotFound_never500() throws Exception {
    long usersBefore = count("users");
    for (String path : List.of("/v3/users?name=admin&domain_id=default%01%00%00=true",
        "/v3/users?domain_id=a%00b", "/v3/projects?name=%00", "/v3/domains?name=x%00",
        "/v3/groups?name=%00", "/v3/roles?name=%00", "/v3/users/a%00b", "/v3/projects/%00",
        "/v3/role_assignments?user.id=%00", "/v3/role_assignments?scope.project.id=%00&include_subtree=true",
        "/v1/lookup?user_id=%00&project_id=%00", "/v1/lookup?principal=a%00b&project_name=%00")) {
      Reply reply = running.send("GET", path, (String) null);

      log.info("observed: {} -> {}", path, reply.status());
      assertThat(reply.status()).as(path).isIn(200, 400, 404);
      assertJson(reply, path);
    }
    for (String collection : List.of("domain", "project", "user", "group", "role")) {
      Reply reply = running.send("POST", "/v3/" + collection + "s",
          "{\"" + collection + "\": {\"name\": \"nul\\u0000name\", \"domain_id\": \"default\"}}");

      log.info("observed: POST /v3/{}s with a NUL in the name -> {}", collection, reply.status());
      assertThat(reply.status()).as(collection).isEqualTo(400);
      assertJson(reply, collection);
    }
    Reply lookup = running.send("POST", "/v1/lookup", "{\"queries\": [{\"user_id\": \"a\\u0000\", \"project_id\": \"b\"}]}");
    log.info("observed: POST /v1/lookup with a NUL in an id -> {}", lookup.status());
    assertThat(lookup.status()).isIn(200, 400, 404);

    assertThat(count("users")).isEqualTo(usersBefore);
  }

  @Test
  void deeplyNestedJson_is400() {
    String nested = "[".repeat(5000) + "]".repeat(5000);
    for (String path : List.of("/v3/domains", "/v3/projects", "/v3/users", "/v3/roles", "/v1/lookup")) {
      Reply reply = running.send("POST", path, "{\"x\": " + nested + "}");

      assertThat(reply.status()).as(path).isEqualTo(400);
      assertJson(reply, path);
    }
  }

  @Test
  void duplicateJsonKeys_are400() {
    Reply domain = running.send("POST", "/v3/domains", "{\"domain\": {\"name\": \"a\", \"name\": \"b\"}}");
    Reply lookup = running.send("POST", "/v1/lookup", "{\"queries\": [], \"queries\": []}");

    assertThat(domain.status()).isEqualTo(400);
    assertThat(lookup.status()).isEqualTo(400);
    assertThat(running.send("GET", "/v3/domains?name=a", (String) null).body()).doesNotContain("\"name\":\"a\"");
  }

  @Test
  void pathTraversalInIds_isNotFoundOrBadRequest() {
    for (String id : List.of("../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%252F..%252Fetc%252Fpasswd", "%c0%ae%c0%ae%2fetc", "....//....//etc/passwd", "..\\..\\etc\\passwd")) {
      for (String collection : List.of("domains", "projects", "users", "groups", "roles")) {
        String path = "/v3/" + collection + "/" + id;
        Reply reply = running.send("GET", path.replace("\\", "%5C"), (String) null);

        log.info("observed: {} -> {}", path, reply.status());
        assertThat(reply.status()).as(path).isIn(400, 404);
        assertThat(reply.body()).as(path).doesNotContain("root:");
        assertJson(reply, path);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------

  private String created(Reply reply, String member, String name) throws IOException {
    assertThat(reply.status()).as(member + " named " + name + ": " + reply.body()).isEqualTo(201);
    JsonNode entity = Json.MAPPER.readTree(reply.body()).get(member);
    assertThat(entity.get("name").asText()).isEqualTo(name);
    return entity.get("id").asText();
  }

  private long count(String table) throws Exception {
    try (Connection connection = running.dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void assertJson(Reply reply, String what) {
    assertThat(reply.contentType()).as(what).isIn("application/json", "application/problem+json");
    try {
      Json.MAPPER.readTree(reply.body());
    } catch (IOException e) {
      throw new AssertionError(what + ": body is not JSON: " + reply.body(), e);
    }
    assertThat(reply.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static void assertKeystoneError(Reply reply, int code) {
    try {
      assertThat(Json.MAPPER.readTree(reply.body()).at("/error/code").asInt()).isEqualTo(code);
    } catch (IOException e) {
      throw new AssertionError(reply.body(), e);
    }
  }
}
