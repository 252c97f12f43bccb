package io.tokenless.http.tls;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * The public-key operations of a TLS handshake from Bouncy Castle, ahead of the JDK's own. A
 * TLS 1.3 handshake with a client certificate signs once with the server's key, verifies the
 * client's CertificateVerify and does one X25519 key exchange; JDK 17's code for those is most
 * of a handshake's CPU, and Bouncy Castle's specialised arithmetic is several times faster.
 *
 * <ul>
 *   <li>ECDSA with SHA-256/384/512 ({@link EcdsaSignatureSpi}): Bouncy Castle's lightweight
 *       signer on curve parameters built once per curve, so the generator's precomputed tables
 *       survive from one signature to the next.
 *   <li>X25519 ({@link XdhKeyPairGenerator}, {@link XdhKeyFactory}, {@link XdhKeyAgreement},
 *       under "XDH" and "X25519"): Bouncy Castle's RFC 7748 code behind the JDK's
 *       {@link java.security.interfaces.XECKey} interfaces, which JSSE relies on. X448 and
 *       anything else those services are asked for is handed to the JDK's SunEC provider.
 * </ul>
 *
 * <p>AES-GCM (with its CPU intrinsics), RSA and the rest of TLS stay with the JDK. The
 * algorithms are standard, so the bytes on the wire are the same and verify anywhere.
 * Installing is JVM-global and idempotent.
 */
public final class FastTlsCrypto {
  static final String PROVIDER_NAME = "TokenlessTlsCrypto";
  private static final String BC_SPI = "org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi$";
  private static final Map<String, String> EC_KEYS = Map.of("SupportedKeyClasses",
      "java.security.interfaces.ECPublicKey|java.security.interfaces.ECPrivateKey");
  private static final List<String> X25519_ALIASES = List.of("OID.1.3.101.110", "1.3.101.110");

  /** Bouncy Castle's JCA ECDSA, not installed: for keys on curves {@link EcdsaSignatureSpi} does not cache. */
  private static final Provider BC_ECDSA = new Provider("TokenlessBcEcdsa", "1", "Bouncy Castle JCA ECDSA") {
    private static final long serialVersionUID = 1L;

    {
      putService(new Service(this, "Signature", "SHA256withECDSA", BC_SPI + "ecDSA256", List.of(), EC_KEYS));
      putService(new Service(this, "Signature", "SHA384withECDSA", BC_SPI + "ecDSA384", List.of(), EC_KEYS));
      putService(new Service(this, "Signature", "SHA512withECDSA", BC_SPI + "ecDSA512", List.of(), EC_KEYS));
    }
  };

  private FastTlsCrypto() {}

  /** Puts the provider first in the JVM's provider list, once. */
  public static synchronized void install() {
    if (Security.getProvider(PROVIDER_NAME) == null) {
      Security.insertProviderAt(new TlsCryptoProvider(), 1);
    }
  }

  static Signature bouncyCastleSignature(String algorithm) throws InvalidKeyException {
    try {
      return Signature.getInstance(algorithm, BC_ECDSA);
    } catch (NoSuchAlgorithmException e) {
      throw new InvalidKeyException("no fallback for " + algorithm, e);
    }
  }

  private static final class TlsCryptoProvider extends Provider {
    private static final long serialVersionUID = 1L;

    TlsCryptoProvider() {
      super(PROVIDER_NAME, "1", "ECDSA and X25519 from Bouncy Castle");
      ecdsa("SHA256withECDSA", SHA256Digest::new);
      ecdsa("SHA384withECDSA", SHA384Digest::new);
      ecdsa("SHA512withECDSA", SHA512Digest::new);
      for (String algorithm : List.of("XDH", "X25519")) {
        List<String> aliases = algorithm.equals("X25519") ? X25519_ALIASES : List.of();
        add("KeyPairGenerator", algorithm, XdhKeyPairGenerator.class, aliases, null,
            () -> new XdhKeyPairGenerator(algorithm));
        add("KeyFactory", algorithm, XdhKeyFactory.class, aliases, null, () -> new XdhKeyFactory(algorithm));
        add("KeyAgreement", algorithm, XdhKeyAgreement.class, aliases, null, () -> new XdhKeyAgreement(algorithm));
      }
    }

    private void ecdsa(String algorithm, Supplier<org.bouncycastle.crypto.Digest> digest) {
      add("Signature", algorithm, EcdsaSignatureSpi.class, List.of(), EC_KEYS, () -> new EcdsaSignatureSpi(digest, algorithm));
    }

    /** A service whose SPI is made by {@code spi} rather than by reflection (our SPIs are package-private). */
    private void add(String type, String algorithm, Class<?> spiClass, List<String> aliases,
        Map<String, String> attributes, Supplier<Object> spi) {
      putService(new Service(this, type, algorithm, spiClass.getName(), aliases, attributes) {
        @Override
        public Object newInstance(Object constructorParameter) {
          return spi.get();
        }
      });
    }
  }
}
