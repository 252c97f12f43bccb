package io.tokenless.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dev server's PKI: complete on first start, unchanged on the next. */
class DevPkiTest {
  @TempDir
  Path dir;

  @Test
  void ensure_createsCaServerAndClientCertificates_withRevokedUsersOnTheCrl() throws Exception {
    DevPki pki = DevPki.ensure(dir.resolve("pki"), List.of("alice", "bob"), List.of("mallory"));

    X509Certificate ca = Pem.readCertificates(pki.caFile()).get(0);
    X509Certificate server = Pem.readCertificates(pki.serverCertificate()).get(0);
    assertThat(server.getSubjectAlternativeNames()).contains(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
    assertThat(pki.serverKey()).exists();
    X509Certificate alice = Pem.readCertificates(pki.clientCertificate("alice")).get(0);
    assertThat(alice.getSubjectX500Principal().getName()).isEqualTo("CN=alice,OU=Default,O=Tokenless");
    alice.verify(ca.getPublicKey());
    assertThat(pki.clientKey("bob")).exists();
    assertThat(dir.resolve("pki/clients/mallory.pem")).exists();
    X509CRL crl = Pem.readCrl(pki.crlFile());
    assertThat(crl.isRevoked(Pem.readCertificates(pki.clientCertificate("mallory")).get(0))).isTrue();
    assertThat(crl.isRevoked(alice)).isFalse();
  }

  @Test
  void ensure_onRestart_keepsEveryExistingFile() throws Exception {
    DevPki first = DevPki.ensure(dir, List.of("alice"), List.of("mallory"));
    String ca = Files.readString(first.caFile());
    String server = Files.readString(first.serverCertificate());
    String alice = Files.readString(first.clientCertificate("alice"));
    String crl = Files.readString(first.crlFile());

    DevPki second = DevPki.ensure(dir, List.of("alice"), List.of("mallory"));

    assertThat(Files.readString(second.caFile())).isEqualTo(ca);
    assertThat(Files.readString(second.serverCertificate())).isEqualTo(server);
    assertThat(Files.readString(second.clientCertificate("alice"))).isEqualTo(alice);
    assertThat(Files.readString(second.crlFile())).isEqualTo(crl);
  }

  @Test
  void ensure_withANewUser_issuesOnlyThatUser() throws Exception {
    DevPki first = DevPki.ensure(dir, List.of("alice"), List.of());
    String alice = Files.readString(first.clientCertificate("alice"));

    DevPki second = DevPki.ensure(dir, List.of("alice", "carol"), List.of());

    assertThat(Files.readString(second.clientCertificate("alice"))).isEqualTo(alice);
    Pem.readCertificates(second.clientCertificate("carol")).get(0)
        .verify(Pem.readCertificates(second.caFile()).get(0).getPublicKey());
  }

  @Test
  void ensure_withRsa2048_givesTheCaServerAndEveryClientRsa2048Keys() throws Exception {
    DevPki pki = DevPki.ensure(dir, List.of("alice"), List.of("mallory"), Optional.of("Default"),
        Optional.of(KeyType.RSA_2048));

    for (Path file : List.of(pki.caFile(), pki.serverCertificate(), pki.clientCertificate("alice"),
        pki.clientCertificate("mallory"))) {
      assertThat(KeyType.of(Pem.readCertificates(file).get(0).getPublicKey())).as(file.toString())
          .hasValue(KeyType.RSA_2048);
    }
    assertThat(Pem.readPrivateKey(pki.clientKey("alice")).getAlgorithm()).isEqualTo("RSA");
    assertThat(Pem.readCertificates(pki.serverCertificate()).get(0).getSigAlgName()).isEqualTo("SHA256withRSA");
  }

  @Test
  void ensure_withoutAKeyType_keepsTheExistingPkisType_forNewUsers() throws Exception {
    DevPki.ensure(dir, List.of("alice"), List.of(), Optional.of("Default"), Optional.of(KeyType.RSA_2048));

    DevPki again = DevPki.ensure(dir, List.of("alice", "carol"), List.of());

    assertThat(again.keyType()).hasValue(KeyType.RSA_2048);
    assertThat(KeyType.of(Pem.readCertificates(again.clientCertificate("carol")).get(0).getPublicKey()))
        .hasValue(KeyType.RSA_2048);
  }

  @Test
  void ensure_withAnotherKeyTypeThanTheExistingPki_isRefusedAndChangesNothing() throws Exception {
    DevPki first = DevPki.ensure(dir, List.of("alice"), List.of());
    String ca = Files.readString(first.caFile());

    assertThatThrownBy(() -> DevPki.ensure(dir, List.of("alice", "carol"), List.of(), Optional.of("Default"),
        Optional.of(KeyType.RSA_2048)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ec-p256 keys").hasMessageContaining("not rsa-2048").hasMessageContaining("fresh");
    assertThat(Files.readString(first.caFile())).isEqualTo(ca);
    assertThat(first.clientCertificate("carol")).doesNotExist();
  }
}
