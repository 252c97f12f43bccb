package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for certificate input: the forwarded {@code X-SSL-Client-Cert} header (URL-encoded
 * PEM, decoded exactly as {@code ClientCertificateMechanism} does), DER certificates as a TLS
 * handshake delivers them, and PEM CRL files. Parsing fails only with the checked exceptions the
 * callers handle; whatever parses is validated against a real CA without an exception escaping.
 */
class CertificateFuzzTest {
  private static Path dir;
  private static Path crlFile;
  private static CertificateAuthority ca;
  private static ClientCertificateValidator validator;

  @BeforeAll
  static void createCa() throws IOException {
    dir = Files.createTempDirectory("certificate-fuzz");
    ca = CertificateAuthority.create("CN=Fuzz CA,O=Example");
    Path anchors = dir.resolve("ca.pem");
    Pem.writeCertificates(anchors, List.of(ca.certificate()));
    crlFile = dir.resolve("input-crl.pem");
    validator = new ClientCertificateValidator(ValidatorConfig.trusting(anchors));
  }

  @AfterAll
  static void removeFiles() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  @FuzzTest(maxDuration = "5m")
  void anyForwardedCertificateHeader_isValidatedOrRefusedAsNotPem(byte[] input) {
    String header = new String(input, StandardCharsets.ISO_8859_1);
    List<X509Certificate> chain;
    try {
      chain = Pem.certificates(URLDecoder.decode(header, StandardCharsets.US_ASCII));
    } catch (IOException | IllegalArgumentException e) {
      return;
    }
    assertThat(chain).isNotEmpty();
    assertThat(validator.validate(chain)).isNotNull();
  }

  @FuzzTest(maxDuration = "5m")
  void anyDerCertificate_isValidatedAndDescribed_orIsUnreadable(byte[] input) {
    X509Certificate certificate;
    try {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(input));
    } catch (CertificateException e) {
      return;
    }
    assertThat(validator.validate(List.of(certificate))).isNotNull();
    assertThat(CertificateAttributes.of(certificate)).containsKey("SSL_CLIENT_S_DN");
  }

  @FuzzTest(maxDuration = "5m")
  void anyCrlFile_isReadAndChecked_orRefusedWithAnIoError(byte[] input) {
    X509CRL crl;
    try {
      Files.write(crlFile, input);
      crl = Pem.readCrl(crlFile);
    } catch (IOException e) {
      assertThat(e.getMessage()).startsWith(crlFile.toString());
      return;
    }
    crl.isRevoked(ca.certificate());
    try {
      crl.verify(ca.certificate().getPublicKey());
    } catch (GeneralSecurityException e) {
      // A CRL signed by someone else: what CrlSet refuses at load; not an error of the parser.
      assertThat(crl.getIssuerX500Principal()).isNotNull();
    }
  }
}
