package io.tokenless.demo.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Runs {@code client-demo load} for about a second at a time against real Undertow servers
 * (plain HTTP, and TLS that requires a client certificate from a test CA) and checks its
 * counts against what the servers counted.
 */
class LoadCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dataDir;

  static TestPki pki;
  static TestPki rsaPki;

  @BeforeAll
  static void createCa() throws Exception {
    pki = TestPki.create(dataDir);
    rsaPki = TestPki.create(dataDir.resolve("rsa"), TestPki.Keys.RSA);
    Files.writeString(dataDir.resolve("credentials.txt"), "# demo users\nalice: secret-pw\nadmin: other-pw\n");
  }

  @Test
  void keepAliveRun_countsExactlyTheRequestsTheServerAnswered() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/hello"), "--duration", "1s", "--warmup", "0", "-c", "2");

      assertThat(run.exitCode).isZero();
      assertThat(run.json.path("requests").asLong()).isPositive().isEqualTo(server.requests.get());
      assertThat(run.json.path("ok").asLong()).isEqualTo(server.requests.get());
      assertThat(run.json.path("io_errors").size()).isZero();
      assertThat(run.json.path("connections").asLong()).isEqualTo(2);
      assertThat(server.connectionsSeen()).isEqualTo(2);
      assertThat(run.text).contains("errors:      none");
    }
  }

  @Test
  void urlFile_sendsEveryTargetInTurn() throws Exception {
    Path urls = dataDir.resolve("urls.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lines.add("/seen?question=" + i);
    }
    Files.write(urls, lines);
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/"), "--url-file", urls.toString(), "--duration", "1s", "--warmup", "0",
          "-c", "2");

      assertThat(run.exitCode).isZero();
      assertThat(run.json.path("requests").asLong()).isGreaterThanOrEqualTo(50);
      assertThat(server.seen).hasSize(50).allMatch(q -> q.matches("question=\\d+"));
    }
  }

  @Test
  void urlFile_onAnotherOrigin_isRefusedBeforeAnyRequest() throws Exception {
    Path urls = dataDir.resolve("elsewhere.txt");
    Files.write(urls, List.of("/seen?question=1", "http://127.0.0.2:1/seen?question=2"));
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/"), "--url-file", urls.toString(), "--duration", "1s");

      assertThat(run.exitCode).isEqualTo(2);
      assertThat(server.requests.get()).isZero();
    }
  }

  @Test
  void bodyLines_postsEveryBodyInTurn() throws Exception {
    Path bodies = dataDir.resolve("bodies.txt");
    Files.write(bodies, List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/seen"), "--method", "POST", "--body-lines", bodies.toString(),
          "--duration", "500ms", "--warmup", "0", "-c", "1");

      assertThat(run.exitCode).isZero();
      assertThat(server.seen).containsExactlyInAnyOrder("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }
  }

  @Test
  void latencyPercentiles_areNonZeroAndOrdered() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/hello"), "--duration", "1s", "--warmup", "200ms", "-c", "2");

      JsonNode latency = run.json.path("latency_ms");
      double p50 = latency.path("p50").asDouble();
      assertThat(p50).isPositive();
      assertThat(latency.path("p90").asDouble()).isGreaterThanOrEqualTo(p50);
      assertThat(latency.path("p99").asDouble()).isGreaterThanOrEqualTo(latency.path("p90").asDouble());
      assertThat(latency.path("p999").asDouble()).isGreaterThanOrEqualTo(latency.path("p99").asDouble());
      assertThat(latency.path("max").asDouble()).isGreaterThanOrEqualTo(latency.path("p999").asDouble());
      // The warm-up's requests reached the server but are not in the result.
      assertThat(run.json.path("requests").asLong()).isPositive().isLessThan(server.requests.get());
    }
  }

  @Test
  void serverErrors_areCountedByStatus_notAsSuccesses() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run failing = load("--url", server.url("/status/500"), "--duration", "500ms", "--warmup", "0", "-c", "2");
      Run missing = load("--url", server.url("/nowhere"), "--duration", "500ms", "--warmup", "0", "-c", "2");

      long all500 = failing.json.path("requests").asLong();
      assertThat(all500).isPositive();
      assertThat(failing.json.path("status_counts").path("500").asLong()).isEqualTo(all500);
      assertThat(failing.json.path("ok").asLong()).isZero();
      assertThat(failing.json.path("non_success").asLong()).isEqualTo(all500);
      assertThat(failing.text).contains("status 500: " + all500);
      assertThat(missing.json.path("status_counts").path("404").asLong())
          .isEqualTo(missing.json.path("requests").asLong()).isPositive();
      assertThat(all500 + missing.json.path("requests").asLong()).isEqualTo(server.requests.get());
    }
  }

  @Test
  void chunkedResponses_areReadToTheEndAndTheConnectionReused() throws Exception {
    try (TestServer server = TestServer.plain()) {
      assertThat(rawResponseHead(server.port(), "/chunked")).containsIgnoringCase("transfer-encoding: chunked");
      long before = server.requests.get();

      Run run = load("--url", server.url("/chunked"), "--duration", "1s", "--warmup", "0", "-c", "2");

      assertThat(run.json.path("requests").asLong()).isPositive().isEqualTo(server.requests.get() - before);
      assertThat(run.json.path("io_errors").size()).isZero();
      assertThat(run.json.path("connections").asLong()).isEqualTo(2);
      // Each response carries 40 lines of 38 bytes plus chunk framing and headers.
      assertThat(run.json.path("bytes_received").asLong())
          .isGreaterThan(run.json.path("requests").asLong() * 1520);
    }
  }

  @Test
  void newConnection_opensOneConnectionPerRequest() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/hello"), "--duration", "1s", "--warmup", "0", "-c", "2",
          "--new-connection");

      long requests = run.json.path("requests").asLong();
      assertThat(requests).isPositive().isEqualTo(server.requests.get());
      assertThat(server.connectionsSeen()).isEqualTo(requests);
      assertThat(run.json.path("connections").asLong()).isEqualTo(requests);
    }
  }

  @Test
  void clientCertificateFromDataDir_isPresentedOnEveryTlsRequest() throws Exception {
    try (TestServer server = TestServer.tls(pki.serverContext(), true)) {
      Run run = load("--mechanism", "cert", "--url", server.httpsUrl("/whoami"), "--data-dir", dataDir.toString(),
          "--user", "alice", "--duration", "1s", "--warmup", "0", "-c", "2");

      long requests = run.json.path("requests").asLong();
      assertThat(requests).isPositive().isEqualTo(server.requests.get());
      assertThat(run.json.path("status_counts").path("200").asLong()).isEqualTo(requests);
      assertThat(server.clientCertificateRequests.get()).isEqualTo(requests);
    }
  }

  @Test
  void newTlsConnectionPerRequest_handshakesEveryTime() throws Exception {
    try (TestServer server = TestServer.tls(pki.serverContext(), true)) {
      Run run = load("--mechanism", "cert", "--url", server.httpsUrl("/whoami"), "--data-dir", dataDir.toString(),
          "--duration", "1s", "--warmup", "0", "-c", "2", "--new-connection");

      long requests = run.json.path("requests").asLong();
      assertThat(requests).isPositive().isEqualTo(server.requests.get());
      assertThat(server.connectionsSeen()).isEqualTo(requests);
      assertThat(run.json.path("ok").asLong()).isEqualTo(requests);
    }
  }

  /**
   * RSA-2048 throughout, as Apache's RSA listener and {@code tokenless dev --key-type rsa-2048}
   * have it: the client key in PKCS#8 and in the traditional {@code BEGIN RSA PRIVATE KEY} form,
   * over TLS 1.3 and TLS 1.2, on kept-alive and on new connections.
   */
  @ParameterizedTest(name = "{0} key, {1}, new connections: {2}")
  @CsvSource({"alice-key.pem, TLSv1.3, false", "alice-traditional-key.pem, TLSv1.3, true",
      "alice-key.pem, TLSv1.2, false", "alice-traditional-key.pem, TLSv1.2, true"})
  void rsaClientCertificate_isPresentedToAnRsaServer(String keyFile, String protocol, boolean newConnections)
      throws Exception {
    Path clients = rsaPki.dataDir.resolve("pki/clients");
    assertThat(Files.readString(clients.resolve("alice-traditional-key.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    try (TestServer server = TestServer.tls(rsaPki.serverContext(), true, protocol)) {
      List<String> args = new ArrayList<>(List.of("--mechanism", "cert", "--url", server.httpsUrl("/whoami"),
          "--cert", clients.resolve("alice.pem").toString(), "--key", clients.resolve(keyFile).toString(),
          "--cacert", rsaPki.dataDir.resolve("pki/ca.pem").toString(), "--duration", "500ms", "--warmup", "0",
          "-c", "1"));
      if (newConnections) {
        args.add("--new-connection");
      }
      Run run = load(args.toArray(String[]::new));

      assertThat(run.exitCode).as(run.text).isZero();
      long requests = run.json.path("requests").asLong();
      assertThat(requests).isPositive().isEqualTo(server.requests.get());
      assertThat(run.json.path("status_counts").path("200").asLong()).isEqualTo(requests);
      assertThat(server.clientCertificateRequests.get()).isEqualTo(requests);
      assertThat(server.protocolsSeen()).containsExactly(protocol);
    }
  }

  @Test
  void tokenFromPassword_isSentAsXAuthToken_andNeverPrinted() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--mechanism", "token", "--token-from-password", "--url", server.url("/whoami"),
          "--data-dir", dataDir.toString(), "--duration", "500ms", "--warmup", "0", "-c", "2");

      assertThat(run.exitCode).isZero();
      long requests = run.json.path("requests").asLong();
      assertThat(requests).isPositive();
      assertThat(run.json.path("status_counts").path("200").asLong()).isEqualTo(requests);
      // One more request reached the server: the password authentication before the run.
      assertThat(server.requests.get()).isEqualTo(requests + 1);
      assertThat(run.text + run.json).doesNotContain("test-token").doesNotContain("secret-pw");
    }
  }

  @Test
  void pacedRun_keepsToTheRequestedRate() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/hello"), "--duration", "1s", "--warmup", "0", "-c", "2",
          "--rate", "200");

      assertThat(run.json.path("requests").asLong()).isBetween(180L, 202L);
      assertThat(run.json.path("service_time_ms").path("p50").asDouble()).isPositive();
    }
  }

  @Test
  void preflight_onAMissingEndpoint_exitsWithThreeAndSendsNothingElse() throws Exception {
    try (TestServer server = TestServer.plain()) {
      Run run = load("--url", server.url("/v1/lookup"), "--duration", "1s", "--warmup", "0", "--preflight");

      assertThat(run.exitCode).isEqualTo(3);
      assertThat(run.json.path("preflight_status").asInt()).isEqualTo(404);
      assertThat(server.requests.get()).isEqualTo(1);
    }
  }

  @Test
  void mintOnly_withoutAPerRequestMechanism_isRefused() {
    Run run = load("--url", "http://127.0.0.1:9/", "--mint-only");

    assertThat(run.exitCode).isEqualTo(2);
  }

  private static String rawResponseHead(int port, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return all.substring(0, all.indexOf("\r\n\r\n"));
    }
  }

  private static Run load(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--json");
    int code = new CommandLine(new LoadCommand(out)).execute(all.toArray(String[]::new));
    String text = bytes.toString(StandardCharsets.UTF_8);
    String lastLine = text.isBlank() ? "{}" : text.strip().substring(text.strip().lastIndexOf('\n') + 1);
    try {
      return new Run(code, text, JSON.readTree(lastLine.startsWith("{") ? lastLine : "{}"));
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + lastLine, e);
    }
  }

  private record Run(int exitCode, String text, JsonNode json) {}
}
