package io.tokenless.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.x509.ClientCertificateValidator;
import io.tokenless.auth.x509.ValidatorConfig;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.http.tls.ClientAuthMode;
import io.tokenless.http.tls.HttpsTestServer;
import io.tokenless.http.tls.ServerTls;
import io.tokenless.http.tls.ServerTlsConfig;
import io.tokenless.http.tls.TestClients;
import io.tokenless.http.tls.TrustedProxies;
import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.KeyType;
import io.tokenless.pki.Pem;
import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.undertow.server.HttpHandler;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The client certificate mechanism behind a real HTTPS listener, called by the JDK's HTTP client
 * with certificates from a real CA: what a caller sees for good and bad certificates.
 */
class ClientCertificateMechanismTest {
  private static final Duration RELOAD = Duration.ofMillis(100);

  @TempDir
  static Path dir;

  static CertificateAuthority ca;
  static IssuedCertificate alice;
  static IssuedCertificate mallory;
  static Path serverKey;
  static Path serverCertificate;
  static HttpsTestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    ca = CertificateAuthority.init(dir.resolve("ca"));
    ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30)
        .writeTo(serverCertificate = dir.resolve("server.pem"), serverKey = dir.resolve("server-key.pem"));
    alice = ca.issueClient("alice", Optional.of("Default"), 30, KeyType.EC_P256);
    mallory = ca.issueClient("mallory", Optional.of("Default"), 30, KeyType.EC_P256);
    ca.revoke(mallory.certificate().getSerialNumber());
    server = start(config(ca.directory().get().resolve("crl.pem")), TrustedProxies.none());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void validCertificate_isAuthenticatedAsItsSubject() throws Exception {
    HttpResponse<String> response = get(server, Optional.of(alice));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.get("name").asText()).isEqualTo("CN=alice,OU=Default,O=Tokenless");
    assertThat(body.at("/attributes/SSL_CLIENT_S_DN_CN").asText()).isEqualTo("alice");
    assertThat(body.at("/attributes/SSL_CLIENT_S_DN_OU").asText()).isEqualTo("Default");
    assertThat(body.at("/attributes/SSL_CLIENT_I_DN").asText()).isEqualTo("CN=Tokenless Dev CA,O=Tokenless");
  }

  @Test
  void tls13_isNegotiatedByDefault() throws Exception {
    HttpResponse<String> response = get(server, Optional.of(alice));

    assertThat(Json.MAPPER.readTree(response.body()).get("protocol").asText()).isEqualTo("TLSv1.3");
  }

  @Test
  void tls12Client_isStillAuthenticated() throws Exception {
    HttpClient client = TestClients.client(ca.certificate(), Optional.of(alice), List.of("TLSv1.2"));
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.uri("/whoami")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(response.body()).get("protocol").asText()).isEqualTo("TLSv1.2");
  }

  @Test
  void rsaClientCertificate_isAuthenticated() throws Exception {
    IssuedCertificate rsa = ca.issueClient("carol", Optional.empty(), 30, KeyType.RSA_2048);

    HttpResponse<String> response = get(server, Optional.of(rsa));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("CN=carol,O=Tokenless");
  }

  @Test
  void noCertificate_isUnauthenticated() throws Exception {
    HttpResponse<String> response = get(server, Optional.empty());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("no client certificate");
  }

  @Test
  void expiredCertificate_isRejectedAsExpired() throws Exception {
    IssuedCertificate expired = ca.builder("CN=old").clientAuth()
        .validFrom(Instant.now().minus(Duration.ofDays(10))).validUntil(Instant.now().minus(Duration.ofDays(1))).build();

    assertRejected(get(server, Optional.of(expired)), "client certificate expired");
  }

  @Test
  void notYetValidCertificate_isRejectedAsNotYetValid() throws Exception {
    IssuedCertificate future = ca.builder("CN=future").clientAuth()
        .validFrom(Instant.now().plus(Duration.ofDays(1))).validFor(Duration.ofDays(10)).build();

    assertRejected(get(server, Optional.of(future)), "client certificate not yet valid");
  }

  @Test
  void revokedCertificate_isRejectedAsRevoked() throws Exception {
    assertRejected(get(server, Optional.of(mallory)), "client certificate revoked");
  }

  @Test
  void serverAuthOnlyCertificate_isRejectedForWrongUsage() throws Exception {
    IssuedCertificate serverOnly = ca.builder("CN=webserver").serverAuth().build();

    assertRejected(get(server, Optional.of(serverOnly)), "client certificate not allowed for client authentication");
  }

  @Test
  void certificateFromUntrustedCa_isRejectedAsUntrusted() throws Exception {
    CertificateAuthority rogue = CertificateAuthority.create("CN=Rogue CA");
    IssuedCertificate rogueAlice = rogue.builder("CN=alice,OU=Default,O=Tokenless").clientAuth().build();

    assertRejected(get(server, Optional.of(rogueAlice)), "client certificate issuer not trusted");
  }

  @Test
  void selfSignedCertificate_isRejectedAsSelfSigned() throws Exception {
    IssuedCertificate selfSigned =
        io.tokenless.pki.CertificateBuilder.subject("CN=alice,OU=Default,O=Tokenless").clientAuth().build();

    assertRejected(get(server, Optional.of(selfSigned)), "client certificate is self-signed");
  }

  @Test
  void chainThroughIntermediate_sentByClient_isAuthenticated() throws Exception {
    CertificateAuthority intermediate = ca.intermediate("CN=Tokenless Users CA,O=Tokenless");
    IssuedCertificate dave = intermediate.builder("CN=dave,O=Tokenless").clientAuth().build();
    assertThat(dave.chain()).hasSize(2);

    HttpResponse<String> response = get(server, Optional.of(dave));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"SSL_CLIENT_I_DN_CN\":\"Tokenless Users CA\"");
  }

  @Test
  void certificateRevokedAfterStart_isRejectedWithoutRestart() throws Exception {
    IssuedCertificate erin = ca.issueClient("erin", Optional.empty(), 30, KeyType.EC_P256);
    assertThat(get(server, Optional.of(erin)).statusCode()).isEqualTo(200);

    ca.revoke(erin.certificate().getSerialNumber());

    HttpResponse<String> response = awaitStatus(server, erin, 401);
    assertRejected(response, "client certificate revoked");
  }

  @Test
  void garbageWrittenOverCrl_keepsTheLastGoodCrl_andWarns() throws Exception {
    Path crl = dir.resolve("garbage-test-crl.pem");
    Files.copy(ca.directory().get().resolve("crl.pem"), crl);
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.setContext(logging);
    warnings.start();
    logging.getLogger("io.tokenless.auth.x509").addAppender(warnings);
    try (HttpsTestServer own = start(config(crl), TrustedProxies.none())) {
      assertRejected(get(own, Optional.of(mallory)), "client certificate revoked");

      Files.writeString(crl, "-----BEGIN X509 CRL-----\nbm90IGEgQ1JM\n-----END X509 CRL-----\n");
      Thread.sleep(RELOAD.multipliedBy(3).toMillis());

      assertRejected(get(own, Optional.of(mallory)), "client certificate revoked");
      assertThat(get(own, Optional.of(alice)).statusCode()).isEqualTo(200);
      // The garbage was read: without this the test would also pass if the file were never re-read.
      assertThat(warnings.list).filteredOn(event -> event.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage)
          .anyMatch(message -> message.startsWith("CRL " + crl + " could not be loaded")
              && message.contains("keeping the last good CRL of"));
    } finally {
      logging.getLogger("io.tokenless.auth.x509").detachAppender(warnings);
    }
  }

  @Test
  void forwardedCertificate_fromTrustedProxy_isAuthenticated() throws Exception {
    try (HttpsTestServer proxied = start(config(ca.directory().get().resolve("crl.pem")),
        TrustedProxies.of(List.of("127.0.0.1/32")))) {
      HttpResponse<String> response = get(proxied, Optional.empty(), forwarded(alice));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Json.MAPPER.readTree(response.body()).get("name").asText())
          .isEqualTo("CN=alice,OU=Default,O=Tokenless");
    }
  }

  @Test
  void forwardedCertificate_fromTrustedProxy_isStillValidated() throws Exception {
    try (HttpsTestServer proxied = start(config(ca.directory().get().resolve("crl.pem")),
        TrustedProxies.of(List.of("127.0.0.0/8")))) {
      assertRejected(get(proxied, Optional.empty(), forwarded(mallory)), "client certificate revoked");
    }
  }

  @Test
  void forwardedCertificate_withoutTrustedProxies_isIgnored() throws Exception {
    HttpResponse<String> anonymous = get(server, Optional.empty(), forwarded(alice));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("no client certificate");

    IssuedCertificate bob = ca.issueClient("bob", Optional.empty(), 30, KeyType.EC_P256);
    HttpResponse<String> withOwnCertificate = get(server, Optional.of(bob), forwarded(alice));
    assertThat(withOwnCertificate.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(withOwnCertificate.body()).get("name").asText()).isEqualTo("CN=bob,O=Tokenless");
  }

  @Test
  void forwardedCertificate_fromAddressOutsideTrustedRange_isIgnored() throws Exception {
    try (HttpsTestServer proxied = start(config(ca.directory().get().resolve("crl.pem")),
        TrustedProxies.of(List.of("10.0.0.0/8", "::1")))) {
      HttpResponse<String> response = get(proxied, Optional.empty(), forwarded(alice));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("no client certificate");
    }
  }

  @Test
  void forwardedCertificate_withUnescapedPlusSigns_isStillRead() throws Exception {
    String pem = Pem.toPem(alice.certificate());
    String escapedExceptPlus = forwarded(alice).replace("%2B", "+");
    assertThat(ClientCertificateMechanism.percentDecode(escapedExceptPlus)).isEqualTo(pem);
  }

  @Test
  void emptyForwardedHeader_fromTrustedProxy_meansNoCertificate_evenIfTheProxyPresentsOne() throws Exception {
    try (HttpsTestServer proxied = start(config(ca.directory().get().resolve("crl.pem")),
        TrustedProxies.of(List.of("127.0.0.1")))) {
      HttpResponse<String> response = get(proxied, Optional.of(alice), "");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).contains("no client certificate");
    }
  }

  @Test
  void forwardedGarbage_fromTrustedProxy_isRejected() throws Exception {
    try (HttpsTestServer proxied = start(config(ca.directory().get().resolve("crl.pem")),
        TrustedProxies.of(List.of("127.0.0.1")))) {
      assertRejected(get(proxied, Optional.empty(), "not%20a%20certificate"), "client certificate invalid");
    }
  }

  @Test
  void mechanism_offersNoChallenge() {
    ClientCertificateMechanism mechanism = new ClientCertificateMechanism(
        new ClientCertificateValidator(ValidatorConfig.trusting(ca.directory().get().resolve("ca.pem"))));

    assertThat(mechanism.challenge()).isEmpty();
    assertThat(mechanism.name()).isEqualTo("x509");
  }

  static ValidatorConfig config(Path crl) {
    return ValidatorConfig.trusting(ca.directory().get().resolve("ca.pem")).withCrlFiles(List.of(crl))
        .withReloadInterval(RELOAD);
  }

  static HttpsTestServer start(ValidatorConfig config, TrustedProxies proxies) {
    ClientCertificateMechanism mechanism =
        new ClientCertificateMechanism(new ClientCertificateValidator(config), proxies, "X-SSL-Client-Cert");
    ServerTls tls = ServerTls.create(ServerTlsConfig.of(serverKey, serverCertificate,
        config.trustAnchors(), ClientAuthMode.REQUESTED));
    return new HttpsTestServer(tls, new ErrorHandler(whoami(mechanism)));
  }

  /** The application under test: authenticate, then echo the principal or fail with the reason. */
  static HttpHandler whoami(ClientCertificateMechanism mechanism) {
    return exchange -> {
      AuthOutcome outcome = mechanism.authenticate(exchange);
      if (outcome instanceof AuthOutcome.Authenticated authenticated) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", authenticated.principal().name());
        body.put("mechanism", authenticated.principal().mechanism());
        body.put("attributes", authenticated.principal().attributes());
        body.put("protocol", exchange.getConnection().getSslSessionInfo().getSSLSession().getProtocol());
        Json.send(exchange, 200, body);
      } else if (outcome instanceof AuthOutcome.Failed failed) {
        throw new UnauthenticatedException(failed.clientMessage(), List.of());
      } else {
        throw new UnauthenticatedException("no client certificate", List.of());
      }
    };
  }

  static String forwarded(IssuedCertificate certificate) {
    // What nginx's $ssl_client_escaped_cert holds: the PEM, URL-encoded.
    return URLEncoder.encode(Pem.toPem(certificate.certificate()), StandardCharsets.US_ASCII).replace("+", "%20");
  }

  static HttpResponse<String> get(HttpsTestServer target, Optional<IssuedCertificate> certificate) throws Exception {
    return get(target, certificate, null);
  }

  static HttpResponse<String> get(HttpsTestServer target, Optional<IssuedCertificate> certificate,
      String forwardedHeader) throws Exception {
    HttpClient client = TestClients.client(ca.certificate(), certificate);
    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri("/whoami")).timeout(Duration.ofSeconds(10));
    if (forwardedHeader != null) {
      request.header("X-SSL-Client-Cert", forwardedHeader);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> awaitStatus(HttpsTestServer target, IssuedCertificate certificate, int status)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(5);
    HttpResponse<String> response = get(target, Optional.of(certificate));
    while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      response = get(target, Optional.of(certificate));
    }
    return response;
  }

  static void assertRejected(HttpResponse<String> response, String reason) throws Exception {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(Json.MAPPER.readTree(response.body()).get("detail").asText()).isEqualTo(reason);
  }
}
