package io.tokenless.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.auth.x509.ClientCertificateValidator;
import io.tokenless.auth.x509.ValidatorConfig;
import io.tokenless.http.tls.ClientAuthMode;
import io.tokenless.http.tls.HttpsTestServer;
import io.tokenless.http.tls.ServerTls;
import io.tokenless.http.tls.ServerTlsConfig;
import io.tokenless.http.tls.TrustedProxies;
import io.tokenless.pki.DevPki;
import io.tokenless.pki.KeyType;
import io.tokenless.web.ErrorHandler;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients nobody here wrote — curl and openssl s_client — against the dev PKI and a listener
 * built like the server's. Skipped where the tools are not installed.
 */
class CurlOpenSslInteropTest {
  @TempDir
  static Path dir;

  static DevPki pki;
  static HttpsTestServer server;
  /** The same with RSA-2048 keys throughout, as {@code tokenless dev --key-type rsa-2048} makes them. */
  static DevPki rsaPki;
  static HttpsTestServer rsaServer;

  @BeforeAll
  static void start() throws Exception {
    pki = DevPki.ensure(dir.resolve("pki"), List.of("alice"), List.of("mallory"));
    server = start(pki);
    rsaPki = DevPki.ensure(dir.resolve("rsa-pki"), List.of("alice"), List.of(), Optional.of(DevPki.DEFAULT_DOMAIN),
        Optional.of(KeyType.RSA_2048));
    rsaServer = start(rsaPki);
  }

  private static HttpsTestServer start(DevPki pki) {
    ValidatorConfig config = ValidatorConfig.trusting(pki.caFile()).withCrlFiles(List.of(pki.crlFile()));
    ClientCertificateMechanism mechanism = new ClientCertificateMechanism(
        new ClientCertificateValidator(config), TrustedProxies.none(), ClientCertificateMechanism.DEFAULT_HEADER);
    ServerTls tls = ServerTls.create(ServerTlsConfig.of(pki.serverKey(), pki.serverCertificate(),
        List.of(pki.caFile()), ClientAuthMode.REQUESTED));
    return new HttpsTestServer(tls, new ErrorHandler(ClientCertificateMechanismTest.whoami(mechanism)));
  }

  @AfterAll
  static void stop() {
    for (HttpsTestServer running : new HttpsTestServer[] {server, rsaServer}) {
      if (running != null) {
        running.close();
      }
    }
  }

  @Test
  void curlWithClientCertificate_isAuthenticated() throws Exception {
    assumeTrue(installed("curl"), "curl is not installed");

    Result result = run("curl", "-sS", "-w", "\n%{http_code}", "--cert", pki.clientCertificate("alice").toString(),
        "--key", pki.clientKey("alice").toString(), "--cacert", pki.caFile().toString(), url());

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).endsWith("\n200").contains("\"name\":\"CN=alice,OU=Default,O=Tokenless\"");
  }

  @Test
  void curlOverTls12_isAuthenticated() throws Exception {
    assumeTrue(installed("curl"), "curl is not installed");

    Result result = run("curl", "-sS", "-w", "\n%{http_code}", "--tlsv1.2", "--tls-max", "1.2",
        "--cert", pki.clientCertificate("alice").toString(), "--key", pki.clientKey("alice").toString(),
        "--cacert", pki.caFile().toString(), url());

    assertThat(result.output()).endsWith("\n200").contains("\"protocol\":\"TLSv1.2\"");
  }

  @Test
  void curlWithRevokedCertificate_getsA401NamingTheReason() throws Exception {
    assumeTrue(installed("curl"), "curl is not installed");

    Result result = run("curl", "-sS", "-w", "\n%{http_code}", "--cert", pki.clientCertificate("mallory").toString(),
        "--key", pki.clientKey("mallory").toString(), "--cacert", pki.caFile().toString(), url());

    assertThat(result.output()).endsWith("\n401").contains("client certificate revoked");
  }

  @Test
  void opensslClient_seesACertificateRequestNamingTheCa_overTls13() throws Exception {
    assumeTrue(installed("openssl"), "openssl is not installed");

    Result result = run("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
        "-CAfile", pki.caFile().toString());

    assertThat(result.output())
        .contains("Acceptable client certificate CA names")
        .contains("O = Tokenless, CN = Tokenless Dev CA")
        .contains("TLSv1.3")
        .contains("Verify return code: 0 (ok)");
  }

  @Test
  void curlWithRsaCertificates_isAuthenticated_overTls13AndTls12() throws Exception {
    assumeTrue(installed("curl"), "curl is not installed");

    for (String version : List.of("1.3", "1.2")) {
      Result result = run("curl", "-sS", "-w", "\n%{http_code}", "--tlsv" + version, "--tls-max", version,
          "--cert", rsaPki.clientCertificate("alice").toString(), "--key", rsaPki.clientKey("alice").toString(),
          "--cacert", rsaPki.caFile().toString(), "https://127.0.0.1:" + rsaServer.port() + "/whoami");

      assertThat(result.output()).as("TLS " + version).endsWith("\n200")
          .contains("\"name\":\"CN=alice,OU=Default,O=Tokenless\"").contains("\"protocol\":\"TLSv" + version + "\"");
    }
  }

  /**
   * OpenSSL lists rsa_pss_pss_* before rsa_pss_rsae_*. An ordinary RSA key (rsaEncryption in
   * its certificate) may only sign with the latter, so the server must pass over the former
   * rather than fail the handshake or sign with a scheme the certificate does not allow.
   */
  @Test
  void opensslOfferingRsaPssPssFirst_getsAnRsaPssRsaeSignatureFromTheRsaServer() throws Exception {
    assumeTrue(installed("openssl"), "openssl is not installed");

    for (String version : List.of("-tls1_3", "-tls1_2")) {
      Result result = run("openssl", "s_client", "-connect", "127.0.0.1:" + rsaServer.port(), version,
          "-sigalgs", "rsa_pss_pss_sha256:rsa_pss_rsae_sha256", "-CAfile", rsaPki.caFile().toString());

      assertThat(result.output()).as(version)
          .contains("Peer signature type: RSA-PSS")
          .contains("Verify return code: 0 (ok)");
    }
  }

  private static String url() {
    return "https://127.0.0.1:" + server.port() + "/whoami";
  }

  private record Result(int exit, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " did not finish within 30 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static boolean installed(String tool) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, tool))) {
        return true;
      }
    }
    return false;
  }
}
