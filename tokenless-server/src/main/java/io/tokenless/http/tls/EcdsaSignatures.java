package io.tokenless.http.tls;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;

/**
 * ECDSA signatures from Bouncy Castle ahead of the JDK's own. A TLS handshake with a client
 * certificate signs once with the server's key and verifies the client's CertificateVerify;
 * the JDK 17 SunEC P-256 code spends most of a handshake's CPU on those two, and Bouncy
 * Castle's specialised P-256 arithmetic does them in a third to a half of the time.
 *
 * <p>Only the ECDSA signature algorithms move; everything else (AES-GCM with its CPU
 * intrinsics, X25519, RSA) stays with the JDK. The algorithms are standard, so signatures are
 * the same bytes on the wire and verify anywhere. Installing is JVM-global and idempotent.
 */
public final class EcdsaSignatures {
  static final String PROVIDER_NAME = "TokenlessEcdsa";
  private static final String SPI = "org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi$";
  private static final Map<String, String> KEYS = Map.of("SupportedKeyClasses",
      "java.security.interfaces.ECPublicKey|java.security.interfaces.ECPrivateKey");

  private EcdsaSignatures() {}

  /** Puts the ECDSA signatures first in the JVM's provider list, once. */
  public static synchronized void install() {
    if (Security.getProvider(PROVIDER_NAME) == null) {
      Security.insertProviderAt(new EcdsaProvider(), 1);
    }
  }

  private static final class EcdsaProvider extends Provider {
    private static final long serialVersionUID = 1L;

    EcdsaProvider() {
      super(PROVIDER_NAME, "1", "SHA-2 ECDSA signatures from Bouncy Castle");
      putService(new Service(this, "Signature", "SHA256withECDSA", SPI + "ecDSA256", List.of(), KEYS));
      putService(new Service(this, "Signature", "SHA384withECDSA", SPI + "ecDSA384", List.of(), KEYS));
      putService(new Service(this, "Signature", "SHA512withECDSA", SPI + "ecDSA512", List.of(), KEYS));
    }
  }
}
