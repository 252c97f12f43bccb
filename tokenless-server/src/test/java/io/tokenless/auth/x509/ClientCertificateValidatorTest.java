package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.CertificateBuilder;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validator on its own, with certificates from real CAs: every reason, CRL handling, reloads. */
class ClientCertificateValidatorTest {
  private static final Duration RELOAD = Duration.ofMillis(50);

  @TempDir
  Path dir;

  CertificateAuthority ca;
  Path anchors;
  Path crl;

  @BeforeEach
  void createCa() throws Exception {
    ca = CertificateAuthority.create("CN=Test CA,O=Example");
    anchors = dir.resolve("ca.pem");
    crl = dir.resolve("crl.pem");
    Pem.writeCertificates(anchors, List.of(ca.certificate()));
    Pem.writeCrl(crl, ca.crl());
  }

  @Test
  void certificateFromTrustedCa_isValid() {
    IssuedCertificate alice = ca.builder("CN=alice,O=Example").clientAuth().build();

    ValidationResult result = validator(config()).validate(alice.chain());

    assertThat(result).isInstanceOfSatisfying(ValidationResult.Valid.class, valid -> {
      assertThat(valid.subjectDn()).isEqualTo("CN=alice,O=Example");
      assertThat(valid.attributes()).containsEntry("SSL_CLIENT_S_DN_CN", "alice").containsEntry("SSL_CLIENT_VERIFY", "SUCCESS");
      assertThat(valid.path()).containsExactly(alice.certificate(), ca.certificate());
    });
  }

  @Test
  void expiredCertificate_isRejectedAsExpired() {
    IssuedCertificate old = ca.builder("CN=old").clientAuth()
        .validFrom(Instant.now().minus(Duration.ofDays(30))).validUntil(Instant.now().minus(Duration.ofSeconds(1)))
        .build();

    assertReason(validator(config()).validate(old.chain()), RejectReason.EXPIRED);
  }

  @Test
  void notYetValidCertificate_isRejectedAsNotYetValid() {
    IssuedCertificate future = ca.builder("CN=future").clientAuth().validFrom(Instant.now().plusSeconds(3600)).build();

    assertReason(validator(config()).validate(future.chain()), RejectReason.NOT_YET_VALID);
  }

  @Test
  void certificateOfUnknownCa_isRejectedAsUntrusted() {
    IssuedCertificate stranger = CertificateAuthority.create("CN=Other CA").builder("CN=alice").clientAuth().build();

    assertReason(validator(config()).validate(stranger.chain()), RejectReason.UNTRUSTED_ISSUER);
  }

  @Test
  void certificateClaimingTrustedIssuerNameButSignedByAnotherKey_isRejectedAsUntrusted() {
    CertificateAuthority impostor = CertificateAuthority.create("CN=Test CA,O=Example");
    IssuedCertificate forged = impostor.builder("CN=alice").clientAuth().build();

    assertReason(validator(config()).validate(forged.chain()), RejectReason.UNTRUSTED_ISSUER);
  }

  @Test
  void selfSignedCertificate_isRejectedAsSelfSigned() {
    IssuedCertificate selfSigned = CertificateBuilder.subject("CN=alice").clientAuth().build();

    assertReason(validator(config()).validate(selfSigned.chain()), RejectReason.SELF_SIGNED);
  }

  @Test
  void serverAuthOnlyCertificate_isRejectedForWrongUsage() {
    IssuedCertificate server = ca.builder("CN=www").serverAuth().build();

    assertReason(validator(config()).validate(server.chain()), RejectReason.WRONG_USAGE);
  }

  @Test
  void certificateWithoutExtendedKeyUsage_isRejectedByDefault() {
    IssuedCertificate plain = ca.builder("CN=plain").build();

    assertReason(validator(config()).validate(plain.chain()), RejectReason.WRONG_USAGE);
  }

  @Test
  void certificateWithoutExtendedKeyUsage_isValidWhenTheExtensionIsNotMandatory() {
    IssuedCertificate plain = ca.builder("CN=plain").build();
    ValidatorConfig lenient = config().withRequiredExtendedKeyUsage(Optional.of(ValidatorConfig.CLIENT_AUTH), false);

    assertThat(validator(lenient).validate(plain.chain())).isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void keyUsageWithoutDigitalSignature_isRejectedForWrongUsage() {
    IssuedCertificate encipherOnly = ca.builder("CN=enc").clientAuth().keyUsage(4).build();

    assertReason(validator(config()).validate(encipherOnly.chain()), RejectReason.WRONG_USAGE);
  }

  @Test
  void chainThroughIntermediate_isValidWhetherSentOrConfigured() throws Exception {
    CertificateAuthority intermediate = ca.intermediate("CN=Users CA,O=Example");
    IssuedCertificate dave = intermediate.builder("CN=dave").clientAuth().build();
    Path intermediates = dir.resolve("intermediates.pem");
    Pem.writeCertificates(intermediates, List.of(intermediate.certificate()));

    assertThat(validator(config()).validate(dave.chain())).isInstanceOf(ValidationResult.Valid.class);
    assertReason(validator(config()).validate(List.of(dave.certificate())), RejectReason.UNTRUSTED_ISSUER);
    assertThat(validator(config().withIntermediates(List.of(intermediates))).validate(List.of(dave.certificate())))
        .isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void chainLongerThanAllowed_isRejectedAsTooLong() {
    CertificateAuthority intermediate = ca.intermediate("CN=Users CA,O=Example");
    IssuedCertificate dave = intermediate.builder("CN=dave").clientAuth().build();

    assertReason(validator(config().withMaxChainLength(1)).validate(dave.chain()), RejectReason.CHAIN_TOO_LONG);
  }

  @Test
  void clientSendingTheRootToo_isValid() {
    IssuedCertificate alice = ca.builder("CN=alice").clientAuth().build();
    List<X509Certificate> withRoot = new ArrayList<>(alice.chain());
    withRoot.add(ca.certificate());

    assertThat(validator(config()).validate(withRoot)).isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void certificateSignedByNonCaLeaf_isRejectedAsUntrusted() {
    IssuedCertificate leaf = ca.builder("CN=not a ca").clientAuth().build();
    IssuedCertificate child = CertificateBuilder.subject("CN=child").issuedBy(leaf).clientAuth().build();

    assertReason(validator(config()).validate(child.chain()), RejectReason.UNTRUSTED_ISSUER);
  }

  @Test
  void revokedCertificate_isRejectedAsRevoked() throws Exception {
    IssuedCertificate mallory = ca.builder("CN=mallory").clientAuth().build();
    Pem.writeCrl(crl, ca.revoke(mallory.certificate().getSerialNumber()));

    ValidationResult result = validator(config()).validate(mallory.chain());

    assertReason(result, RejectReason.REVOKED);
    assertThat(((ValidationResult.Rejected) result).detail()).contains("CN=mallory");
  }

  @Test
  void certificateUnderRevokedIntermediate_isRejectedAsRevoked() throws Exception {
    CertificateAuthority intermediate = ca.intermediate("CN=Users CA,O=Example");
    IssuedCertificate dave = intermediate.builder("CN=dave").clientAuth().build();
    Pem.writeCrl(crl, ca.revoke(intermediate.certificate().getSerialNumber()));

    ValidationResult result = validator(config()).validate(dave.chain());

    assertReason(result, RejectReason.REVOKED);
    assertThat(((ValidationResult.Rejected) result).detail()).contains("issuing CA certificate");
  }

  @Test
  void crlOfIntermediate_isApplied() throws Exception {
    CertificateAuthority intermediate = ca.intermediate("CN=Users CA,O=Example");
    IssuedCertificate dave = intermediate.builder("CN=dave").clientAuth().build();
    Path intermediateCrl = dir.resolve("users-crl.pem");
    Pem.writeCrl(intermediateCrl, intermediate.revoke(dave.certificate().getSerialNumber()));

    ValidationResult result = validator(config().withCrlFiles(List.of(crl, intermediateCrl))).validate(dave.chain());

    assertReason(result, RejectReason.REVOKED);
  }

  @Test
  void revocationAfterStart_isSeenOnceTheCrlFileChanges() throws Exception {
    IssuedCertificate erin = ca.builder("CN=erin").clientAuth().build();
    ClientCertificateValidator validator = validator(config());
    assertThat(validator.validate(erin.chain())).isInstanceOf(ValidationResult.Valid.class);

    Pem.writeCrl(crl, ca.revoke(erin.certificate().getSerialNumber()));
    Thread.sleep(RELOAD.multipliedBy(3).toMillis());

    assertReason(validator.validate(erin.chain()), RejectReason.REVOKED);
  }

  @Test
  void garbageCrlFile_keepsTheLastGoodCrl() throws Exception {
    IssuedCertificate mallory = ca.builder("CN=mallory").clientAuth().build();
    Pem.writeCrl(crl, ca.revoke(mallory.certificate().getSerialNumber()));
    ClientCertificateValidator validator = validator(config());

    Files.writeString(crl, "this is not a CRL");
    Thread.sleep(RELOAD.multipliedBy(3).toMillis());

    assertReason(validator.validate(mallory.chain()), RejectReason.REVOKED);
  }

  @Test
  void crlSignedByAnotherKey_isRefusedAtStart() throws Exception {
    CertificateAuthority impostor = CertificateAuthority.create("CN=Test CA,O=Example");
    Pem.writeCrl(crl, impostor.crl());

    assertThatThrownBy(() -> validator(config()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crlFiles")
        .hasMessageContaining("not signed by that CA");
  }

  @Test
  void staleCrl_stillAppliesAndAcceptsOthers_byDefault() throws Exception {
    IssuedCertificate alice = ca.builder("CN=alice").clientAuth().build();
    Pem.writeCrl(crl, ca.signCrl(Instant.now().minus(Duration.ofDays(8)), Instant.now().minus(Duration.ofDays(1))));

    assertThat(validator(config()).validate(alice.chain())).isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void staleCrl_rejectsAsRevocationUnknown_whenConfiguredToFail() throws Exception {
    IssuedCertificate alice = ca.builder("CN=alice").clientAuth().build();
    Pem.writeCrl(crl, ca.signCrl(Instant.now().minus(Duration.ofDays(8)), Instant.now().minus(Duration.ofDays(1))));

    assertReason(validator(config().withFailOnStaleCrl(true)).validate(alice.chain()), RejectReason.REVOCATION_UNKNOWN);
  }

  @Test
  void missingTrustAnchorFile_failsNamingTheSetting() {
    assertThatThrownBy(() -> validator(ValidatorConfig.trusting(dir.resolve("nope.pem"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustAnchors")
        .hasMessageContaining("nope.pem");
  }

  @Test
  void caAddedToTheBundle_isTrustedWithoutRestart() throws Exception {
    CertificateAuthority second = CertificateAuthority.create("CN=Second CA");
    IssuedCertificate bob = second.builder("CN=bob").clientAuth().build();
    ClientCertificateValidator validator = validator(config());
    assertReason(validator.validate(bob.chain()), RejectReason.UNTRUSTED_ISSUER);

    Pem.writeCertificates(anchors, List.of(ca.certificate(), second.certificate()));
    Thread.sleep(RELOAD.multipliedBy(3).toMillis());

    assertThat(validator.validate(bob.chain())).isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void repeatedChain_isAnsweredFromTheCache() {
    IssuedCertificate alice = ca.builder("CN=alice").clientAuth().build();
    ClientCertificateValidator validator = validator(config().withReloadInterval(Duration.ofMinutes(1)));

    ValidationResult first = validator.validate(alice.chain());

    assertThat(validator.validate(alice.chain())).isSameAs(first);
  }

  @Test
  void cacheDisabled_validatesEveryTime() {
    IssuedCertificate alice = ca.builder("CN=alice").clientAuth().build();
    ClientCertificateValidator validator = validator(config().withCache(Duration.ZERO, 0));

    ValidationResult first = validator.validate(alice.chain());

    assertThat(validator.validate(alice.chain())).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void emptyChain_isRejected() {
    assertReason(validator(config()).validate(List.of()), RejectReason.INVALID);
  }

  @Test
  void badSettings_failNamingTheSetting() {
    assertThatThrownBy(() -> config().withMaxChainLength(0)).hasMessageContaining("maxChainLength");
    assertThatThrownBy(() -> config().withCache(Duration.ofSeconds(-1), 10)).hasMessageContaining("cacheTtl");
  }

  private ValidatorConfig config() {
    return ValidatorConfig.trusting(anchors).withCrlFiles(List.of(crl)).withReloadInterval(RELOAD);
  }

  private static ClientCertificateValidator validator(ValidatorConfig config) {
    return new ClientCertificateValidator(config);
  }

  private static void assertReason(ValidationResult result, RejectReason reason) {
    assertThat(result).isInstanceOfSatisfying(ValidationResult.Rejected.class,
        rejected -> assertThat(rejected.reason()).as(rejected.detail()).isEqualTo(reason));
  }
}
