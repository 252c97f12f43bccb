package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.IssuedCertificate;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Attribute names and formats as mod_ssl and Keystone's mapping rules expect them. */
class CertificateAttributesTest {
  private static final CertificateAuthority CA = CertificateAuthority.create("CN=Example CA,OU=PKI,O=Example,C=DE");

  @Test
  void subjectAndIssuer_areRfc2253WithComponentsSplitOut() {
    IssuedCertificate certificate = CA.builder("CN=alice,OU=Engineering,OU=Berlin,O=Example,C=DE").clientAuth().build();

    Map<String, String> attributes = CertificateAttributes.of(certificate.certificate());

    assertThat(attributes)
        .containsEntry("SSL_CLIENT_S_DN", "CN=alice,OU=Engineering,OU=Berlin,O=Example,C=DE")
        .containsEntry("SSL_CLIENT_S_DN_CN", "alice")
        .containsEntry("SSL_CLIENT_S_DN_O", "Example")
        .containsEntry("SSL_CLIENT_S_DN_C", "DE")
        .containsEntry("SSL_CLIENT_I_DN", "CN=Example CA,OU=PKI,O=Example,C=DE")
        .containsEntry("SSL_CLIENT_I_DN_CN", "Example CA")
        .containsEntry("SSL_CLIENT_I_DN_OU", "PKI");
    // Encoded order is C, O, OU=Berlin, OU=Engineering, CN: the first encoded OU is the plain one.
    assertThat(attributes).containsEntry("SSL_CLIENT_S_DN_OU", "Berlin").containsEntry("SSL_CLIENT_S_DN_OU_1", "Engineering");
  }

  @Test
  void subjectAlternativeNames_areGivenFirstAndNumbered() {
    IssuedCertificate certificate = CA.builder("CN=alice").clientAuth()
        .emails(List.of("alice@example.com", "a@example.org")).dnsNames(List.of("alice.example.com"))
        .uris(List.of(URI.create("spiffe://example.com/user/alice"))).build();

    Map<String, String> attributes = CertificateAttributes.of(certificate.certificate());

    assertThat(attributes)
        .containsEntry("SSL_CLIENT_SAN_Email", "alice@example.com")
        .containsEntry("SSL_CLIENT_SAN_Email_0", "alice@example.com")
        .containsEntry("SSL_CLIENT_SAN_Email_1", "a@example.org")
        .containsEntry("SSL_CLIENT_SAN_DNS", "alice.example.com")
        .containsEntry("SSL_CLIENT_SAN_URI", "spiffe://example.com/user/alice");
  }

  @Test
  void activeDirectoryUserPrincipalName_isNamedAsModSslNamesIt() {
    IssuedCertificate certificate = CA.builder("CN=alice").clientAuth().userPrincipalName("alice@AD.EXAMPLE.COM").build();

    assertThat(CertificateAttributes.of(certificate.certificate()))
        .containsEntry("SSL_CLIENT_SAN_OTHER_msUPN_0", "alice@AD.EXAMPLE.COM")
        .containsEntry("SSL_CLIENT_SAN_UPN", "alice@AD.EXAMPLE.COM");
  }

  @Test
  void emailInSubject_isNamedAsModSslNamesIt() {
    IssuedCertificate certificate = CA.builder("CN=alice,EMAILADDRESS=alice@example.com").clientAuth().build();

    Map<String, String> attributes = CertificateAttributes.of(certificate.certificate());

    assertThat(attributes)
        .containsEntry("SSL_CLIENT_S_DN", "CN=alice,emailAddress=alice@example.com")
        .containsEntry("SSL_CLIENT_S_DN_Email", "alice@example.com");
  }

  @Test
  void serialAndFingerprint_areUpperCaseHex() {
    IssuedCertificate certificate = CA.builder("CN=alice").clientAuth().serial(BigInteger.valueOf(0xABC)).build();

    Map<String, String> attributes = CertificateAttributes.of(certificate.certificate());

    assertThat(attributes.get("SSL_CLIENT_M_SERIAL")).isEqualTo("0ABC");
    assertThat(attributes.get("SSL_CLIENT_CERT_SHA256")).matches("[0-9A-F]{64}");
    assertThat(attributes).containsEntry("SSL_CLIENT_M_VERSION", "3");
  }

  @Test
  void validityTimes_arePrintedAsOpenSslPrintsThem() {
    IssuedCertificate certificate = CA.builder("CN=alice").clientAuth()
        .validFrom(Instant.parse("2026-03-05T07:08:09Z")).validUntil(Instant.parse("2027-11-23T22:14:04Z")).build();

    Map<String, String> attributes = CertificateAttributes.of(certificate.certificate());

    assertThat(attributes)
        .containsEntry("SSL_CLIENT_V_START", "Mar  5 07:08:09 2026 GMT")
        .containsEntry("SSL_CLIENT_V_END", "Nov 23 22:14:04 2027 GMT");
  }
}
