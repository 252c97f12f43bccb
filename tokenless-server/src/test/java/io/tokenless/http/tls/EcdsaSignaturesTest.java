package io.tokenless.http.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;

class EcdsaSignaturesTest {
  private static final byte[] MESSAGE = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);

  @Test
  void installed_ecdsaComesFromItFirst_andStaysInstalledOnce() throws Exception {
    EcdsaSignatures.install();
    EcdsaSignatures.install();

    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName())
        .isEqualTo(EcdsaSignatures.PROVIDER_NAME);
    assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(EcdsaSignatures.PROVIDER_NAME))
        .hasSize(1);
  }

  @Test
  void signaturesAreInterchangeableWithTheJdks_onEveryCurveTlsUses() throws Exception {
    EcdsaSignatures.install();
    for (String[] curve : new String[][] {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"},
        {"secp521r1", "SHA512withECDSA"}}) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
      generator.initialize(new ECGenParameterSpec(curve[0]));
      KeyPair keys = generator.generateKeyPair();

      byte[] ours = sign(Signature.getInstance(curve[1]), keys);
      byte[] jdks = sign(Signature.getInstance(curve[1], "SunEC"), keys);

      assertThat(verify(Signature.getInstance(curve[1], "SunEC"), keys, ours)).as(curve[0]).isTrue();
      assertThat(verify(Signature.getInstance(curve[1]), keys, jdks)).as(curve[0]).isTrue();
      ours[ours.length - 1] ^= 1;
      assertThat(verify(Signature.getInstance(curve[1]), keys, ours)).as(curve[0] + " tampered").isFalse();
    }
  }

  private static byte[] sign(Signature signature, KeyPair keys) throws Exception {
    signature.initSign(keys.getPrivate());
    signature.update(MESSAGE);
    return signature.sign();
  }

  private static boolean verify(Signature signature, KeyPair keys, byte[] bytes) throws Exception {
    signature.initVerify(keys.getPublic());
    signature.update(MESSAGE);
    try {
      return signature.verify(bytes);
    } catch (java.security.SignatureException malformed) {
      return false;
    }
  }
}
