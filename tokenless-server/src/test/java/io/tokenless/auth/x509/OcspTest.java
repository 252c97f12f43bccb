package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.KeyType;
import io.tokenless.pki.Pem;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCSP checks against a real responder over HTTP, answered by the dev CA. */
class OcspTest {
  @TempDir
  Path dir;

  CertificateAuthority ca;
  HttpServer responder;
  AtomicInteger requests = new AtomicInteger();
  URI responderUri;
  Path anchors;

  @BeforeEach
  void startResponder() throws Exception {
    ca = CertificateAuthority.create("CN=OCSP Test CA");
    anchors = dir.resolve("ca.pem");
    Pem.writeCertificates(anchors, List.of(ca.certificate()));
    responder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    responder.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] answer = ca.answerOcsp(exchange.getRequestBody().readAllBytes());
      exchange.getResponseHeaders().add("Content-Type", "application/ocsp-response");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    responder.start();
    responderUri = URI.create("http://127.0.0.1:" + responder.getAddress().getPort() + "/ocsp");
    ca.ocspResponder(responderUri);
  }

  @AfterEach
  void stopResponder() {
    responder.stop(0);
  }

  @Test
  void goodCertificate_namingItsResponder_isValid() throws Exception {
    IssuedCertificate alice = ca.issueClient("alice", Optional.empty(), 1, KeyType.EC_P256);

    assertThat(validator(OcspConfig.defaults()).validate(alice.chain())).isInstanceOf(ValidationResult.Valid.class);
    assertThat(requests).hasValue(1);
  }

  @Test
  void revokedCertificate_isRejectedAsRevoked_withoutAnyCrl() throws Exception {
    IssuedCertificate mallory = ca.issueClient("mallory", Optional.empty(), 1, KeyType.EC_P256);
    ca.revoke(mallory.certificate().getSerialNumber());

    ValidationResult result = validator(OcspConfig.defaults()).validate(mallory.chain());

    assertThat(result).isInstanceOfSatisfying(ValidationResult.Rejected.class, rejected -> {
      assertThat(rejected.reason()).isEqualTo(RejectReason.REVOKED);
      assertThat(rejected.detail()).contains("OCSP");
    });
  }

  @Test
  void answers_areCachedUntilTheirNextUpdate() throws Exception {
    IssuedCertificate alice = ca.issueClient("alice", Optional.empty(), 1, KeyType.EC_P256);
    ClientCertificateValidator validator = new ClientCertificateValidator(ValidatorConfig.trusting(anchors)
        .withCache(Duration.ZERO, 0).withOcsp(Optional.of(OcspConfig.defaults())));

    validator.validate(alice.chain());
    validator.validate(alice.chain());

    assertThat(requests).hasValue(1);
  }

  @Test
  void unreachableResponder_isToleratedByDefault_andRejectsWhenConfiguredToFail() throws Exception {
    IssuedCertificate alice = ca.issueClient("alice", Optional.empty(), 1, KeyType.EC_P256);
    responder.stop(0);

    assertThat(validator(OcspConfig.defaults()).validate(alice.chain())).isInstanceOf(ValidationResult.Valid.class);
    assertThat(validator(OcspConfig.defaults().withFailWhenUnavailable(true)).validate(alice.chain()))
        .isInstanceOfSatisfying(ValidationResult.Rejected.class,
            rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.REVOCATION_UNKNOWN));
  }

  @Test
  void answerSignedBySomeoneElse_doesNotCount() throws Exception {
    CertificateAuthority other = CertificateAuthority.create("CN=OCSP Test CA");
    HttpServer impostor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    impostor.createContext("/", exchange -> {
      byte[] answer = other.answerOcsp(exchange.getRequestBody().readAllBytes());
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    impostor.start();
    try {
      IssuedCertificate alice = ca.issueClient("alice", Optional.empty(), 1, KeyType.EC_P256);
      OcspConfig config = OcspConfig.defaults().withFailWhenUnavailable(true)
          .withResponder(URI.create("http://127.0.0.1:" + impostor.getAddress().getPort() + "/"));

      assertThat(validator(config).validate(alice.chain()))
          .isInstanceOfSatisfying(ValidationResult.Rejected.class,
              rejected -> assertThat(rejected.reason()).isEqualTo(RejectReason.REVOCATION_UNKNOWN));
    } finally {
      impostor.stop(0);
    }
  }

  @Test
  void certificateNamingNoResponder_isNotCheckedByOcsp() {
    IssuedCertificate plain = CertificateAuthority.create("CN=Plain CA").builder("CN=x").clientAuth().build();
    CertificateAuthority quiet = CertificateAuthority.create("CN=Quiet CA");
    IssuedCertificate alice = quiet.builder("CN=alice").clientAuth().build();
    assertThat(plain.certificate().getExtensionValue("1.3.6.1.5.5.7.1.1")).isNull();

    ValidationResult result = new ClientCertificateValidator(ValidatorConfig.trusting(writeAnchor(quiet))
        .withOcsp(Optional.of(OcspConfig.defaults().withFailWhenUnavailable(true)))).validate(alice.chain());

    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    assertThat(requests).hasValue(0);
  }

  private Path writeAnchor(CertificateAuthority authority) {
    try {
      Path file = dir.resolve("quiet.pem");
      Pem.writeCertificates(file, List.of(authority.certificate()));
      return file;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ClientCertificateValidator validator(OcspConfig config) {
    return new ClientCertificateValidator(ValidatorConfig.trusting(anchors).withOcsp(Optional.of(config)));
  }
}
