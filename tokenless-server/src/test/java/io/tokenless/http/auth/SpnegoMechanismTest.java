package io.tokenless.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.krb5.FastPathAcceptor;
import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.auth.kerberos.NegotiateAuthenticator;
import io.tokenless.kdc.KdcExtension;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.SpnegoClient.Mechanism;
import io.tokenless.kdc.TestKdc;
import io.tokenless.kdc.TicketForge;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.mapping.MappingRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KdcExtension.class)
class SpnegoMechanismTest {
  private static final String HTTP_LOCALHOST = "HTTP/localhost";

  private static TestKdc kdc;
  private static Path serviceKeytab;
  private static NegotiateTestServer server;
  private static KdcPrincipal alice;
  private static SpnegoClient aliceClient;
  private static FastPathAcceptor acceptor;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startServer(TestKdc testKdc, Principals principals) throws IOException {
    kdc = testKdc;
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    String service = kdc.ensurePrincipal(HTTP_LOCALHOST);
    serviceKeytab = kdc.exportKeytab(Files.createTempFile("http-localhost", ".keytab"), service);
    acceptor = FastPathAcceptor.create(AcceptorConfig.forHost(serviceKeytab, "localhost"));
    IdentityMapper mapper = IdentityMapper.of(MappingRules.kerberosRealms(Map.of("EXAMPLE.COM", DomainRef.byId("default"))));
    server = new NegotiateTestServer(new SpnegoMechanism(new NegotiateAuthenticator(acceptor)), mapper);
    alice = principals.user("alice");
    aliceClient = SpnegoClient.fromKeytab(alice.name(), alice.keytab());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private HttpResponse<String> get(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url())).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void validTicket_gets200_withThePrincipal_andAMutualAuthReply() throws Exception {
    SpnegoClient.Exchange exchange = aliceClient.begin(HTTP_LOCALHOST, Mechanism.SPNEGO);

    HttpResponse<String> response = get(exchange.header());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(alice.name() + " -> " + alice.shortName() + "\n");
    String reply = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(reply).startsWith("Negotiate ");
    assertThat(exchange.verifyReply(reply)).as("client verifies the server's reply").isTrue();
  }

  @Test
  void rawKerberosMechanismToken_gets200() throws Exception {
    assertThat(get(aliceClient.negotiateHeader(HTTP_LOCALHOST, Mechanism.KRB5)).statusCode()).isEqualTo(200);
  }

  @Test
  void schemeName_isCaseInsensitive() throws Exception {
    String header = aliceClient.negotiateHeader(HTTP_LOCALHOST);

    assertThat(get("nEgOtIaTe" + header.substring("Negotiate".length())).statusCode()).isEqualTo(200);
  }

  @Test
  void noCredentials_get401_withTheNegotiateChallenge() throws Exception {
    HttpResponse<String> response = get(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void anotherScheme_isNotOurs_andGets401WithTheChallenge() throws Exception {
    HttpResponse<String> response = get("Basic YWxpY2U6cGFzc3dvcmQ=");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
  }

  @Test
  void replayedHeader_gets401() throws Exception {
    String header = aliceClient.negotiateHeader(HTTP_LOCALHOST);

    assertThat(get(header).statusCode()).isEqualTo(200);
    HttpResponse<String> replay = get(header);

    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
    assertThat(replay.body()).doesNotContainIgnoringCase("replay");
  }

  @Test
  void ticketForAnotherServicePrincipal_gets401(Principals principals) throws Exception {
    KdcPrincipal other = principals.service("HTTP");

    assertThat(get(aliceClient.negotiateHeader(other.shortName())).statusCode()).isEqualTo(401);
  }

  @Test
  void expiredTicket_gets401() throws Exception {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(serviceKeytab, kdc.principal(HTTP_LOCALHOST), alice.name(),
        now.minus(Duration.ofHours(10)), now.minus(Duration.ofMinutes(30)));

    assertThat(get("Negotiate " + Base64.getEncoder().encodeToString(token)).statusCode()).isEqualTo(401);
  }

  @Test
  void principalOfAnotherRealm_isAuthenticatedButNotMapped_andGets401() throws Exception {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(serviceKeytab, kdc.principal(HTTP_LOCALHOST), "bob@OTHER.ORG",
        now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));

    HttpResponse<String> response = get("Negotiate " + Base64.getEncoder().encodeToString(token));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
  }

  @Test
  void principalWithAnInstance_isNotMappedByTheDefaultRules_andGets401(Principals principals) throws Exception {
    String admin = kdc.addPrincipal(TestKdc.uniqueName("alice") + "/admin", "admin-pw");
    SpnegoClient adminClient = SpnegoClient.fromPassword(admin, "admin-pw".toCharArray());

    assertThat(get(adminClient.negotiateHeader(HTTP_LOCALHOST)).statusCode()).isEqualTo(401);
  }

  @Test
  void malformedNegotiateHeaders_get401_never500_andAnswerFast() throws Exception {
    Map<String, byte[]> corpus = malformedCorpus();
    assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
    List<String> wrong = new ArrayList<>();

    for (Map.Entry<String, byte[]> entry : corpus.entrySet()) {
      long start = System.nanoTime();
      int status = rawGet(entry.getValue());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      if (status != 401 || millis > 2000) {
        wrong.add(entry.getKey() + ": status " + status + " in " + millis + " ms");
      }
    }

    assertThat(wrong).as("cases not answered 401 within 2 s").isEmpty();
  }

  @Test
  void mitKinitAndCurlNegotiate_get200_onTheFastPath(@TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kinit")), "MIT kinit (Debian krb5-user) is not installed");
    assumeTrue(curlHasGssApi(), "curl without GSS-API support");
    Map<String, String> env = Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(), "KRB5CCNAME", "FILE:" + tmp.resolve("cc"));

    Process kinit = run(env, "/usr/bin/kinit", "-kt", alice.keytab().toString(), alice.name());
    assertThat(kinit.exitValue()).as(output(kinit)).isZero();
    FastPathAcceptor.Stats before = acceptor.stats();
    Process curl = run(env, "curl", "-sS", "--negotiate", "-u", ":", "-o", "-", "-w", "\n%{http_code}", server.url());
    String curlOutput = output(curl);

    assertThat(curl.exitValue()).as(curlOutput).isZero();
    assertThat(curlOutput).isEqualTo(alice.name() + " -> " + alice.shortName() + "\n\n200");
    // MIT's SPNEGO token was accepted by our own code, and MIT's initiator took our AP-REP.
    assertThat(acceptor.stats().acceptedHere()).isEqualTo(before.acceptedHere() + 1);
    assertThat(acceptor.stats().handedToJgss()).isEqualTo(before.handedToJgss());
  }

  private static boolean curlHasGssApi() {
    try {
      Process version = run(Map.of(), "curl", "-V");
      return output(version).contains("GSS-API");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static Process run(Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 30 s");
    }
    return process;
  }

  private static String output(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Sends one request over a raw socket, so any bytes can be in the header; returns the status. */
  private static int rawGet(byte[] authorizationValue) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream request = new ByteArrayOutputStream();
      request.writeBytes("GET /whoami HTTP/1.1\r\nHost: localhost\r\nAuthorization: ".getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(authorizationValue);
      request.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(request.toByteArray());
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  private Map<String, byte[]> malformedCorpus() {
    Map<String, byte[]> corpus = new LinkedHashMap<>();
    String[] texts = {
        "Negotiate", "Negotiate ", "Negotiate    ", "negotiate", "Negotiate !!!!", "Negotiate ====", "Negotiate =",
        "Negotiate YQ", "Negotiate YQ==", "Negotiate AAAA", "Negotiate AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Negotiate YII=",
        "Negotiate YIIB", "Negotiate oAMKAQE=", "Negotiate YII BAQ==", "Negotiate -_-_", "Negotiate YQ==YQ==",
        "Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==", "Negotiate TlRMTVNT",
        "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==", "Basic YWxpY2U6YWxpY2U=", "Bearer abc.def.ghi",
        "Kerberos YII=", "Negotiate,Negotiate", "Negotiate\tYQ==", "NegotiateYQ==", "Negotiate Negotiate YQ==",
        "Negotiate " + "A".repeat(NegotiateAuthenticator.MAX_ENCODED_LENGTH + 4),
        "Negotiate " + "A".repeat(200_000),
    };
    for (String text : texts) {
      corpus.put(label(text), text.getBytes(StandardCharsets.ISO_8859_1));
    }
    corpus.put("UTF-8 token", "Negotiate 日本語トークン".getBytes(StandardCharsets.UTF_8));
    corpus.put("UTF-8 scheme", "Négotiate YQ==".getBytes(StandardCharsets.UTF_8));
    corpus.put("latin-1 bytes", "Negotiate \u00ff\u00fe\u00fd".getBytes(StandardCharsets.ISO_8859_1));
    corpus.put("DER with 2 GiB length", ("Negotiate " + b64(new byte[] {0x60, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff,
        (byte) 0xff, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02})).getBytes(StandardCharsets.US_ASCII));
    corpus.put("SPNEGO OID only", ("Negotiate " + b64(new byte[] {0x60, 0x08, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02}))
        .getBytes(StandardCharsets.US_ASCII));
    corpus.put("krb5 OID, no AP-REQ", ("Negotiate " + b64(new byte[] {0x60, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
        (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02, 0x01, 0x00})).getBytes(StandardCharsets.US_ASCII));
    byte[] random = new byte[40_000];
    new Random(42).nextBytes(random);
    corpus.put("40 KB of random bytes", ("Negotiate " + b64(random)).getBytes(StandardCharsets.US_ASCII));
    corpus.put("random bytes behind a SPNEGO header", ("Negotiate " + b64(concat(new byte[] {0x60, (byte) 0x82, 0x01, 0x00,
        0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02}, Arrays.copyOf(random, 0x100 - 8)))).getBytes(StandardCharsets.US_ASCII));

    byte[] spnego = aliceClient.begin(HTTP_LOCALHOST, Mechanism.SPNEGO).token();
    byte[] krb5 = aliceClient.begin(HTTP_LOCALHOST, Mechanism.KRB5).token();
    for (int length : new int[] {1, 4, 16, 64, spnego.length / 3, spnego.length / 2, spnego.length - 16, spnego.length - 1}) {
      corpus.put("SPNEGO token cut to " + length, negotiate(Arrays.copyOf(spnego, length)));
    }
    for (int length : new int[] {8, krb5.length / 2, krb5.length - 1}) {
      corpus.put("krb5 token cut to " + length, negotiate(Arrays.copyOf(krb5, length)));
    }
    // Flips in the DER framing and in the encrypted authenticator at the end: both must fail.
    for (int index : new int[] {0, 1, spnego.length - 1, spnego.length - 7, spnego.length - 13, spnego.length - 19,
        spnego.length - 25, spnego.length - 31, spnego.length - 37, spnego.length - 43}) {
      byte[] flipped = spnego.clone();
      flipped[index] ^= 0x04;
      corpus.put("SPNEGO token with a bit flipped at " + index, negotiate(flipped));
    }
    corpus.put("SPNEGO token with trailing garbage", negotiate(concat(spnego, new byte[] {1, 2, 3})));
    String base64 = b64(spnego);
    corpus.put("SPNEGO token base64 cut mid-quantum", ("Negotiate " + base64.substring(0, base64.length() - 3))
        .getBytes(StandardCharsets.US_ASCII));
    corpus.put("SPNEGO token with an invalid character", ("Negotiate " + base64.substring(0, 10) + "*" + base64.substring(11))
        .getBytes(StandardCharsets.US_ASCII));
    return corpus;
  }

  private static String label(String text) {
    return text.length() > 60 ? text.substring(0, 30) + "...(" + text.length() + " chars)" : "'" + text + "'";
  }

  private static byte[] negotiate(byte[] token) {
    return ("Negotiate " + b64(token)).getBytes(StandardCharsets.US_ASCII);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
