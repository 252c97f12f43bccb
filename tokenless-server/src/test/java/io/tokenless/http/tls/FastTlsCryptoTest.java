package io.tokenless.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.XECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.HexFormat;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FastTlsCryptoTest {
  private static final byte[] MESSAGE = "TLS 1.3, server CertificateVerify".getBytes(StandardCharsets.US_ASCII);
  private static final String[][] CURVES = {{"secp256r1", "SHA256withECDSA"}, {"secp384r1", "SHA384withECDSA"},
      {"secp521r1", "SHA512withECDSA"}};
  // RFC 7748 §6.1.
  private static final String ALICE_PRIVATE = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
  private static final String ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
  private static final String BOB_PRIVATE = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
  private static final String BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
  private static final String SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

  @BeforeAll
  static void install() {
    FastTlsCrypto.install();
  }

  @Test
  void installed_ecdsaAndXdhComeFromItFirst_andItStaysInstalledOnce() throws Exception {
    FastTlsCrypto.install();

    assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo(FastTlsCrypto.PROVIDER_NAME);
    for (String algorithm : new String[] {"XDH", "X25519"}) {
      assertThat(KeyPairGenerator.getInstance(algorithm).getProvider().getName()).isEqualTo(FastTlsCrypto.PROVIDER_NAME);
      assertThat(KeyFactory.getInstance(algorithm).getProvider().getName()).isEqualTo(FastTlsCrypto.PROVIDER_NAME);
      assertThat(KeyAgreement.getInstance(algorithm).getProvider().getName()).isEqualTo(FastTlsCrypto.PROVIDER_NAME);
    }
    assertThat(Security.getProviders()).filteredOn(p -> p.getName().equals(FastTlsCrypto.PROVIDER_NAME)).hasSize(1);
  }

  @Test
  void signaturesAreInterchangeableWithTheJdks_onEveryCurveTlsUses() throws Exception {
    for (String[] curve : CURVES) {
      KeyPair keys = ecKeys("SunEC", curve[0]);

      byte[] ours = sign(Signature.getInstance(curve[1]), keys.getPrivate());
      byte[] jdks = sign(Signature.getInstance(curve[1], "SunEC"), keys.getPrivate());

      assertThat(verify(Signature.getInstance(curve[1], "SunEC"), keys.getPublic(), ours)).as(curve[0]).isTrue();
      assertThat(verify(Signature.getInstance(curve[1]), keys.getPublic(), jdks)).as(curve[0]).isTrue();
      ours[ours.length - 1] ^= 1;
      assertThat(verify(Signature.getInstance(curve[1]), keys.getPublic(), ours)).as(curve[0] + " tampered").isFalse();
    }
  }

  @Test
  void bouncyCastleKeys_signAndVerifyToo() throws Exception {
    KeyPair keys = ecKeys(new BouncyCastleProvider(), "secp256r1");

    byte[] ours = sign(Signature.getInstance("SHA256withECDSA"), keys.getPrivate());

    assertThat(verify(Signature.getInstance("SHA256withECDSA"), keys.getPublic(), ours)).isTrue();
  }

  @Test
  void signing_usesTheCachedCurves() throws Exception {
    KeyPair keys = ecKeys("SunEC", "secp256r1");
    long before = EcdsaSignatureSpi.SIGNATURES.sum();

    sign(Signature.getInstance("SHA256withECDSA"), keys.getPrivate());
    sign(Signature.getInstance("SHA256withECDSA"), keys.getPrivate());

    assertThat(EcdsaSignatureSpi.SIGNATURES.sum() - before).isGreaterThanOrEqualTo(2);
  }

  @Test
  void keysOnOtherCurves_areStillSignedAndVerified() throws Exception {
    KeyPair keys = ecKeys(new BouncyCastleProvider(), "brainpoolP256r1");

    byte[] signature = sign(Signature.getInstance("SHA256withECDSA"), keys.getPrivate());

    assertThat(verify(Signature.getInstance("SHA256withECDSA"), keys.getPublic(), signature)).isTrue();
  }

  @Test
  void malformedSignatures_doNotVerify_andThrowNothingUnchecked() throws Exception {
    KeyPair keys = ecKeys("SunEC", "secp256r1");
    byte[] valid = sign(Signature.getInstance("SHA256withECDSA"), keys.getPrivate());
    byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
    byte[][] malformed = {new byte[0], {0x30}, {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00},
        HexFormat.of().parseHex("3006020101020101"), trailing, "not DER at all".getBytes(StandardCharsets.US_ASCII)};

    for (byte[] bytes : malformed) {
      assertThat(verify(Signature.getInstance("SHA256withECDSA"), keys.getPublic(), bytes))
          .as(HexFormat.of().formatHex(bytes)).isFalse();
    }
  }

  @Test
  void x25519_rfc7748Vector_throughTheJcaApi() throws Exception {
    KeyFactory factory = KeyFactory.getInstance("XDH");
    PrivateKey alice = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, hex(ALICE_PRIVATE)));
    PrivateKey bob = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, hex(BOB_PRIVATE)));
    PublicKey alicePublic = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u(ALICE_PUBLIC)));
    PublicKey bobPublic = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, u(BOB_PUBLIC)));

    assertThat(agree(KeyAgreement.getInstance("XDH"), alice, bobPublic)).isEqualTo(hex(SHARED));
    assertThat(agree(KeyAgreement.getInstance("XDH"), bob, alicePublic)).isEqualTo(hex(SHARED));
    assertThat(KeyAgreement.getInstance("XDH").getProvider().getName()).isEqualTo(FastTlsCrypto.PROVIDER_NAME);
  }

  @Test
  void x25519KeyPairGenerator_derivesTheRfc7748PublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("XDH");
    generator.initialize(new NamedParameterSpec("X25519"), fixedRandom(hex(ALICE_PRIVATE)));

    KeyPair keys = generator.generateKeyPair();

    assertThat(((XECPublicKey) keys.getPublic()).getU()).isEqualTo(u(ALICE_PUBLIC));
    assertThat(keys.getPublic().getAlgorithm()).isEqualTo("XDH");
    assertThat(((XECPublicKey) keys.getPublic()).getParams()).isEqualTo(NamedParameterSpec.X25519);
  }

  @Test
  void x25519_agreesWithTheJdksKeys_bothWays() throws Exception {
    KeyPair ours = xdhKeys(KeyPairGenerator.getInstance("XDH"), NamedParameterSpec.X25519);
    KeyPair jdks = xdhKeys(KeyPairGenerator.getInstance("XDH", "SunEC"), NamedParameterSpec.X25519);
    assertThat(ours.getPublic().getClass().getName()).startsWith("io.tokenless");

    byte[] oursWithJdks = agree(KeyAgreement.getInstance("XDH"), ours.getPrivate(), jdks.getPublic());
    byte[] jdksWithOurs = agree(KeyAgreement.getInstance("XDH", "SunEC"), jdks.getPrivate(), ours.getPublic());
    byte[] oursWithJdkPrivate = agree(KeyAgreement.getInstance("XDH"), jdks.getPrivate(), ours.getPublic());

    assertThat(oursWithJdks).hasSize(32).isEqualTo(jdksWithOurs).isEqualTo(oursWithJdkPrivate);
    // The encodings are the JDK's: each side decodes the other's.
    PublicKey decoded = KeyFactory.getInstance("XDH", "SunEC").generatePublic(new X509EncodedKeySpec(ours.getPublic().getEncoded()));
    assertThat(((XECPublicKey) decoded).getU()).isEqualTo(((XECPublicKey) ours.getPublic()).getU());
    assertThat(KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(jdks.getPublic().getEncoded())))
        .isEqualTo(KeyFactory.getInstance("XDH").translateKey(jdks.getPublic()));
  }

  @Test
  void x25519_smallOrderPeerKey_isRefusedAsTheJdkDoes() throws Exception {
    KeyPair ours = xdhKeys(KeyPairGenerator.getInstance("XDH"), NamedParameterSpec.X25519);
    PublicKey zero = KeyFactory.getInstance("XDH").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.ZERO));
    KeyAgreement agreement = KeyAgreement.getInstance("XDH");
    agreement.init(ours.getPrivate());

    assertThatThrownBy(() -> agreement.doPhase(zero, true)).isInstanceOf(InvalidKeyException.class);
  }

  @Test
  void x448_isStillTheJdks() throws Exception {
    KeyPair alice = xdhKeys(KeyPairGenerator.getInstance("XDH"), NamedParameterSpec.X448);
    KeyPair bob = xdhKeys(KeyPairGenerator.getInstance("XDH"), NamedParameterSpec.X448);

    byte[] ab = agree(KeyAgreement.getInstance("XDH"), alice.getPrivate(), bob.getPublic());
    byte[] ba = agree(KeyAgreement.getInstance("XDH"), bob.getPrivate(), alice.getPublic());

    assertThat(ab).hasSize(56).isEqualTo(ba);
  }

  private static byte[] agree(KeyAgreement agreement, PrivateKey own, PublicKey peer) throws Exception {
    agreement.init(own);
    agreement.doPhase(peer, true);
    return agreement.generateSecret("TlsPremasterSecret").getEncoded();
  }

  private static KeyPair xdhKeys(KeyPairGenerator generator, NamedParameterSpec curve) throws Exception {
    generator.initialize(curve);
    return generator.generateKeyPair();
  }

  private static KeyPair ecKeys(Object provider, String curve) throws Exception {
    KeyPairGenerator generator = provider instanceof String name ? KeyPairGenerator.getInstance("EC", name)
        : KeyPairGenerator.getInstance("EC", (java.security.Provider) provider);
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private static byte[] sign(Signature signature, PrivateKey key) throws Exception {
    signature.initSign(key);
    signature.update(MESSAGE);
    return signature.sign();
  }

  /** Whether it verifies; a {@link SignatureException} counts as no, anything unchecked fails the test. */
  private static boolean verify(Signature signature, PublicKey key, byte[] bytes) throws Exception {
    signature.initVerify(key);
    signature.update(MESSAGE);
    try {
      return signature.verify(bytes);
    } catch (SignatureException malformed) {
      return false;
    }
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  /** An RFC 7748 u-coordinate (little-endian bytes) as {@link XECPublicKey#getU()} gives it. */
  private static BigInteger u(String littleEndianHex) {
    byte[] bytes = hex(littleEndianHex);
    byte[] big = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      big[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, big);
  }

  /** Returns {@code bytes} for the first request, as a generator's private key. */
  private static SecureRandom fixedRandom(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;

      @Override
      public void nextBytes(byte[] out) {
        System.arraycopy(bytes, 0, out, 0, out.length);
      }
    };
  }
}
