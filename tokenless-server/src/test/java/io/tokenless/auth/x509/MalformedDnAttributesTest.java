package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/**
 * A certificate whose subject DN the JDK parses but Bouncy Castle refuses (found by
 * {@code CertificateFuzzTest}) still yields attributes: the DN string, no components. Before the
 * fix {@link CertificateAttributes#of} threw {@code IllegalArgumentException}, a 500 for a client
 * certificate a trusted CA had signed.
 */
class MalformedDnAttributesTest {
  private static final String INPUT = "CertificateFuzzTestInputs/anyDerCertificate_isValidatedAndDescribed_orIsUnreadable/"
      + "regression-subject-dn-bouncy-castle-refuses";

  private static X509Certificate certificate() throws Exception {
    try (InputStream in = MalformedDnAttributesTest.class.getResourceAsStream(INPUT)) {
      assertThat(in).as(INPUT).isNotNull();
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void theJdkAcceptsTheDn_butBouncyCastleRefusesIt() throws Exception {
    X509Certificate certificate = certificate();

    assertThatThrownBy(() -> {
      X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
      X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded());
    }).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void certificateWithADnBouncyCastleRefuses_yieldsAttributesWithoutDnComponents() throws Exception {
    Map<String, String> attributes = CertificateAttributes.of(certificate());

    assertThat(attributes).containsKeys("SSL_CLIENT_S_DN", "SSL_CLIENT_I_DN", "SSL_CLIENT_M_SERIAL");
  }
}
