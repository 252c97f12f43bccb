package io.tokenless.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.KeyType;
import io.tokenless.pki.Pem;
import io.undertow.server.HttpHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS listener material: protocols, key types, client certificate requests, files replaced on disk. */
class ServerTlsTest {
  private static final HttpHandler HELLO = exchange -> {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseSender().send(exchange.getConnection().getSslSessionInfo().getSSLSession().getProtocol());
  };

  @TempDir
  Path dir;

  CertificateAuthority ca;
  Path key;
  Path certificate;

  @BeforeEach
  void createCa() throws IOException {
    ca = CertificateAuthority.init(dir.resolve("ca"));
    key = dir.resolve("server-key.pem");
    certificate = dir.resolve("server.pem");
  }

  @Test
  void engines_speakOnlyTls13AndTls12() throws IOException {
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).writeTo(certificate, key);
    ServerTls tls = ServerTls.create(config(ClientAuthMode.REQUESTED));

    SSLEngine engine = tls.sslContext().createSSLEngine();

    assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
  }

  @Test
  void ecServerKey_isServedOverTls13() throws Exception {
    IssuedCertificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30);
    server.writeTo(certificate, key);

    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUESTED)), HELLO)) {
      HttpResponse<String> response = get(https);

      assertThat(response.body()).isEqualTo("TLSv1.3");
      assertThat(servedCertificate(response).getSerialNumber()).isEqualTo(server.certificate().getSerialNumber());
      assertThat(servedCertificate(response).getPublicKey().getAlgorithm()).isEqualTo("EC");
    }
  }

  @Test
  void rsaServerKeyInTraditionalPem_isServed() throws Exception {
    IssuedCertificate server = ca.builder("CN=localhost").keyType(KeyType.RSA_2048).serverAuth()
        .dnsNames(List.of("localhost")).ipAddresses(List.of("127.0.0.1")).build();
    Pem.writeCertificates(certificate, server.chain());
    Files.writeString(key, traditionalPem(server));
    assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.NONE)), HELLO)) {
      HttpResponse<String> response = get(https);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(servedCertificate(response).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }
  }

  @Test
  void ecServerKeyInTraditionalPem_isServed() throws Exception {
    IssuedCertificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30);
    Pem.writeCertificates(certificate, server.chain());
    Files.writeString(key, sec1Pem(server));
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.NONE)), HELLO)) {
      assertThat(get(https).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void replacedServerCertificate_isServedWithoutRestart() throws Exception {
    IssuedCertificate first = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30);
    first.writeTo(certificate, key);
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUESTED)), HELLO)) {
      assertThat(servedCertificate(get(https)).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());

      IssuedCertificate second = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 60);
      second.writeTo(certificate, key);

      assertThat(awaitServedSerial(https, second.certificate().getSerialNumber()))
          .isEqualTo(second.certificate().getSerialNumber());
    }
  }

  @Test
  void certificateReplacedWithoutItsKey_keepsServingTheOldPair() throws Exception {
    IssuedCertificate first = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30);
    first.writeTo(certificate, key);
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUESTED)), HELLO)) {
      IssuedCertificate other = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30);
      Pem.writeCertificates(certificate, other.chain());
      Thread.sleep(300);

      HttpResponse<String> response = get(https);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(servedCertificate(response).getSerialNumber()).isEqualTo(first.certificate().getSerialNumber());
    }
  }

  @Test
  void requestedMode_letsClientsWithoutCertificateConnect() throws Exception {
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).writeTo(certificate, key);
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUESTED)), HELLO)) {
      assertThat(get(https).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requiredMode_refusesHandshakeWithoutCertificate() throws Exception {
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).writeTo(certificate, key);
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUIRED)), HELLO)) {
      assertThatThrownBy(() -> get(https)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void requiredMode_acceptsAnyCertificateInTheHandshake_soTheApplicationCanSayWhy() throws Exception {
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).writeTo(certificate, key);
    IssuedCertificate rogue = CertificateAuthority.create("CN=Rogue").builder("CN=rogue").clientAuth().build();
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUIRED)), HELLO)) {
      HttpClient client = TestClients.client(ca.certificate(), Optional.of(rogue));

      assertThat(client.send(HttpRequest.newBuilder(https.uri("/")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mutualTls13Handshake_signsAndAgreesKeysWithBouncyCastle() throws Exception {
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).writeTo(certificate, key);
    IssuedCertificate client = ca.builder("CN=client").clientAuth().build();
    try (HttpsTestServer https = new HttpsTestServer(ServerTls.create(config(ClientAuthMode.REQUIRED)), HELLO)) {
      long agreements = XdhKeyAgreement.AGREEMENTS.sum();
      long signatures = EcdsaSignatureSpi.SIGNATURES.sum();

      HttpResponse<String> response = TestClients.client(ca.certificate(), Optional.of(client))
          .send(HttpRequest.newBuilder(https.uri("/")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("TLSv1.3");
      assertThat(javax.crypto.KeyAgreement.getInstance("XDH").getProvider().getName())
          .isEqualTo(FastTlsCrypto.PROVIDER_NAME);
      // Client and server are both in this JVM: x25519 (the JDK's first key share) on each side,
      // and each CertificateVerify signed with a P-256 key.
      assertThat(XdhKeyAgreement.AGREEMENTS.sum() - agreements).isGreaterThanOrEqualTo(2);
      assertThat(EcdsaSignatureSpi.SIGNATURES.sum() - signatures).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void missingKeyFile_failsNamingTheFile() {
    assertThatThrownBy(() -> ServerTls.create(config(ClientAuthMode.NONE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("server-key.pem");
  }

  @Test
  void clientAuthMode_parsesConfigurationWords() {
    assertThat(ClientAuthMode.parse("Required")).isEqualTo(ClientAuthMode.REQUIRED);
    assertThat(ClientAuthMode.parse("none").undertowMode()).isEqualTo(org.xnio.SslClientAuthMode.NOT_REQUESTED);
    assertThatThrownBy(() -> ClientAuthMode.parse("optional")).hasMessageContaining("none, requested or required");
  }

  private ServerTlsConfig config(ClientAuthMode mode) {
    return ServerTlsConfig.of(key, certificate, List.of(ca.directory().get().resolve("ca.pem")), mode)
        .withReloadInterval(Duration.ofMillis(100));
  }

  private HttpResponse<String> get(HttpsTestServer https) throws Exception {
    // A fresh client each time: a new connection and a full handshake, no session resumption.
    return TestClients.client(ca.certificate(), Optional.empty())
        .send(HttpRequest.newBuilder(https.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private BigInteger awaitServedSerial(HttpsTestServer https, BigInteger expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(5);
    BigInteger served = servedCertificate(get(https)).getSerialNumber();
    while (!served.equals(expected) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      served = servedCertificate(get(https)).getSerialNumber();
    }
    return served;
  }

  private static X509Certificate servedCertificate(HttpResponse<?> response) throws Exception {
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  /** What {@code openssl ec} writes: SEC1 with the named curve inside (Bouncy Castle's writer leaves it out). */
  private static String sec1Pem(IssuedCertificate issued) throws IOException {
    java.security.interfaces.ECPrivateKey key = (java.security.interfaces.ECPrivateKey) issued.privateKey();
    org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
    byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(),
        info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
    StringWriter out = new StringWriter();
    try (org.bouncycastle.util.io.pem.PemWriter writer = new org.bouncycastle.util.io.pem.PemWriter(out)) {
      writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", der));
    }
    return out.toString();
  }

  private static String traditionalPem(IssuedCertificate issued) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(issued.privateKey());
    }
    return out.toString();
  }
}
