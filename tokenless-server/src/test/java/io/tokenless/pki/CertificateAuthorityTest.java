package io.tokenless.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev CA's files and certificates, as another tool (or a restarted server) finds them. */
class CertificateAuthorityTest {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir
  Path dir;

  @Test
  void init_writesCaKeyCrlAndIndex_withThePrivateKeyReadableByTheOwnerOnly() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir);

    assertThat(dir.resolve("ca.pem")).exists();
    assertThat(dir.resolve("crl.pem")).exists();
    assertThat(dir.resolve("index.txt")).isEmptyFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    X509Certificate certificate = Pem.readCertificates(dir.resolve("ca.pem")).get(0);
    assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    X509CRL crl = Pem.readCrl(dir.resolve("crl.pem"));
    crl.verify(certificate.getPublicKey());
    assertThat(crl.getRevokedCertificates()).isNull();
    assertThat(ca.certificate()).isEqualTo(certificate);
  }

  @Test
  void init_refusesToReplaceAnExistingCa() throws Exception {
    CertificateAuthority.init(dir);

    assertThatThrownBy(() -> CertificateAuthority.init(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void rsaCa_signsWithRsa() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir,
        CertificateAuthority.Options.defaults().withKeyType(KeyType.RSA_3072));

    IssuedCertificate client = ca.issueClient("alice", Optional.empty(), 1, KeyType.EC_P256);

    assertThat(ca.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(client.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
    client.certificate().verify(ca.certificate().getPublicKey());
  }

  @Test
  void serverCertificate_hasServerAuthAndTheNamesAsSubjectAlternativeNames() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir);

    X509Certificate server = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), 30).certificate();

    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
        List.of(7, "127.0.0.1"));
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(server.getNotAfter().toInstant()).isBetween(Instant.now().plus(Duration.ofDays(29)),
        Instant.now().plus(Duration.ofDays(31)));
  }

  @Test
  void clientCertificate_namesUserDomainAndOrganisation_withClientAuth() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir);

    X509Certificate alice = ca.issueClient("alice", Optional.of("Default"), 30, KeyType.RSA_2048,
        List.of("alice@example.com"), List.of(URI.create("urn:user:alice"))).certificate();

    assertThat(alice.getSubjectX500Principal().getName()).isEqualTo("CN=alice,OU=Default,O=Tokenless");
    assertThat(alice.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(alice.getKeyUsage()[0]).isTrue();
    assertThat(alice.getPublicKey().getAlgorithm()).isEqualTo("RSA");
    assertThat(alice.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(1, "alice@example.com"),
        List.of(6, "urn:user:alice"));
  }

  @Test
  void revoke_publishesASignedCrlListingTheSerial_andRecordsItInTheIndex() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir);
    IssuedCertificate mallory = ca.issueClient("mallory", Optional.empty(), 30, KeyType.EC_P256);
    BigInteger serial = mallory.certificate().getSerialNumber();

    ca.revoke(serial);

    X509CRL crl = Pem.readCrl(dir.resolve("crl.pem"));
    crl.verify(ca.certificate().getPublicKey());
    assertThat(crl.isRevoked(mallory.certificate())).isTrue();
    assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(6)));
    assertThat(Files.readString(dir.resolve("index.txt")))
        .startsWith("R\t").contains(serial.toString(16).toUpperCase()).contains("CN=mallory,O=Tokenless");
  }

  @Test
  void clientFiles_areWrittenAsUserPemAndKey_andCanBeRevokedByFile() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir.resolve("ca"));

    IssuedCertificate alice = ca.issueClientFiles(dir.resolve("out"), "alice", Optional.of("Default"), 30, KeyType.EC_P256);
    ca.revokeCertificateFile(dir.resolve("out/alice.pem"));

    assertThat(Pem.readCertificates(dir.resolve("out/alice.pem"))).containsExactly(alice.certificate());
    assertThat(Pem.readPrivateKey(dir.resolve("out/alice-key.pem"))).isEqualTo(alice.privateKey());
    assertThat(Pem.readCrl(dir.resolve("ca/crl.pem")).isRevoked(alice.certificate())).isTrue();
  }

  @Test
  void reopenedCa_keepsItsKeyIndexAndRevocations() throws Exception {
    CertificateAuthority first = CertificateAuthority.init(dir);
    IssuedCertificate mallory = first.issueClient("mallory", Optional.empty(), 30, KeyType.EC_P256);
    first.revoke(mallory.certificate().getSerialNumber());

    CertificateAuthority reopened = CertificateAuthority.open(dir, Duration.ofHours(1));
    IssuedCertificate bob = reopened.issueClient("bob", Optional.empty(), 30, KeyType.EC_P256);
    reopened.revoke(bob.certificate().getSerialNumber());

    X509CRL crl = Pem.readCrl(dir.resolve("crl.pem"));
    assertThat(crl.isRevoked(mallory.certificate())).isTrue();
    assertThat(crl.isRevoked(bob.certificate())).isTrue();
    assertThat(crl.getNextUpdate().toInstant()).isBefore(Instant.now().plus(Duration.ofHours(2)));
    bob.certificate().verify(first.certificate().getPublicKey());
    assertThat(reopened.entriesFor("CN=mallory,O=Tokenless")).singleElement()
        .satisfies(entry -> assertThat(entry.revoked()).isTrue());
  }

  @Test
  void intermediate_issuesCertificatesWhoseChainLeadsToTheRoot() throws Exception {
    CertificateAuthority root = CertificateAuthority.create("CN=Root");
    CertificateAuthority intermediate = root.intermediate("CN=Intermediate");

    IssuedCertificate leaf = intermediate.builder("CN=leaf").clientAuth().build();

    assertThat(leaf.chain()).containsExactly(leaf.certificate(), intermediate.certificate());
    assertThat(intermediate.certificate().getBasicConstraints()).isEqualTo(0);
    leaf.certificate().verify(intermediate.certificate().getPublicKey());
    intermediate.certificate().verify(root.certificate().getPublicKey());
  }

  @Test
  void intermediateInADirectory_reopensAndIssuesChainsThatLeadToTheRoot() throws Exception {
    CertificateAuthority root = CertificateAuthority.init(dir.resolve("root"));
    root.intermediate("CN=Users CA,O=Tokenless", dir.resolve("users"));

    CertificateAuthority users = CertificateAuthority.open(dir.resolve("users"));
    IssuedCertificate alice = users.issueClientFiles(dir.resolve("out"), "alice", Optional.empty(), 1, KeyType.EC_P256);

    assertThat(Pem.readCertificates(dir.resolve("out/alice.pem"))).hasSize(2);
    alice.certificate().verify(users.certificate().getPublicKey());
    users.certificate().verify(root.certificate().getPublicKey());
    assertThat(alice.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=alice,O=Tokenless");
    Pem.readCrl(dir.resolve("users/crl.pem")).verify(users.certificate().getPublicKey());
  }

  @Test
  void builder_makesTheUnusualCertificatesTestsNeed() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=Root");
    Instant past = Instant.parse("2020-01-01T00:00:00Z");

    X509Certificate expired = ca.builder("CN=old").validFrom(past).validUntil(past.plusSeconds(60)).build().certificate();
    X509Certificate noEku = ca.builder("CN=plain").build().certificate();
    IssuedCertificate selfSigned = CertificateBuilder.subject("CN=me").clientAuth().build();

    assertThat(expired.getNotAfter().toInstant()).isEqualTo(past.plusSeconds(60));
    assertThat(noEku.getExtendedKeyUsage()).isNull();
    assertThat(selfSigned.certificate().getIssuerX500Principal()).isEqualTo(selfSigned.certificate().getSubjectX500Principal());
    assertThat(selfSigned.chain()).hasSize(1);
  }

  @Test
  void issuedCertificate_neverPrintsItsKey() {
    IssuedCertificate issued = CertificateBuilder.subject("CN=me").build();

    assertThat(issued.toString()).contains("CN=me").contains("key redacted").doesNotContain("BEGIN");
  }

  @Test
  void pem_roundTripsCertificatesKeysAndCrls() throws Exception {
    CertificateAuthority ca = CertificateAuthority.create("CN=Root");
    IssuedCertificate rsa = ca.builder("CN=rsa").keyType(KeyType.RSA_2048).build();
    rsa.writeTo(dir.resolve("rsa.pem"), dir.resolve("rsa-key.pem"));
    Pem.writeCrl(dir.resolve("crl.pem"), ca.crl());

    assertThat(Pem.readCertificates(dir.resolve("rsa.pem"))).containsExactly(rsa.certificate());
    assertThat(Pem.readPrivateKey(dir.resolve("rsa-key.pem"))).isEqualTo(rsa.privateKey());
    assertThat(Pem.readCrl(dir.resolve("crl.pem"))).isEqualTo(ca.crl());
  }

  @Test
  void pem_reportsGarbageAsIoErrorsNamingTheFile() throws Exception {
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");

    assertThatThrownBy(() -> Pem.readCrl(garbage)).isInstanceOf(IOException.class).hasMessageContaining("garbage.pem");
    assertThatThrownBy(() -> Pem.readCertificates(garbage)).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Pem.readPrivateKey(garbage)).isInstanceOf(IOException.class);
  }

  @Test
  void keyType_parsesConfigurationWords() {
    assertThat(KeyType.parse("ec")).isEqualTo(KeyType.EC_P256);
    assertThat(KeyType.parse("RSA-3072")).isEqualTo(KeyType.RSA_3072);
    assertThat(KeyType.parse(KeyType.RSA_2048.label())).isEqualTo(KeyType.RSA_2048);
    assertThatThrownBy(() -> KeyType.parse("dsa")).hasMessageContaining("unknown key type")
        .hasMessageContaining("ec-p256, rsa-2048, rsa-3072");
  }

  @Test
  void keyType_ofAKey_namesItsTypeOrNothing() throws Exception {
    assertThat(KeyType.of(KeyType.RSA_2048.generate().getPublic())).hasValue(KeyType.RSA_2048);
    assertThat(KeyType.of(KeyType.EC_P256.generate().getPublic())).hasValue(KeyType.EC_P256);
    java.security.KeyPairGenerator p384 = java.security.KeyPairGenerator.getInstance("EC");
    p384.initialize(new java.security.spec.ECGenParameterSpec("secp384r1"));
    assertThat(KeyType.of(p384.generateKeyPair().getPublic())).isEmpty();
  }

  @Test
  void rsaServerCertificate_hasAnRsaKeyForSigningAndKeyTransport() throws Exception {
    CertificateAuthority ca = CertificateAuthority.init(dir);

    X509Certificate server = ca.issueServer(List.of("localhost"), List.of(), 30, KeyType.RSA_2048).certificate();

    assertThat(KeyType.of(server.getPublicKey())).hasValue(KeyType.RSA_2048);
    // digitalSignature and keyEncipherment
    assertThat(server.getKeyUsage()).startsWith(true, false, true);
    assertThat(server.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
  }
}
