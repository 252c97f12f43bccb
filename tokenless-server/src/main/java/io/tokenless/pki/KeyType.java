package io.tokenless.pki;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Optional;

/** The key algorithms the dev CA issues. EC P-256 is the default: small and fast to handshake. */
public enum KeyType {
  EC_P256("ec-p256"),
  RSA_2048("rsa-2048"),
  RSA_3072("rsa-3072");

  private final String label;

  KeyType(String label) {
    this.label = label;
  }

  /** The name {@link #parse} reads and the command line shows: {@code ec-p256}, {@code rsa-2048}, {@code rsa-3072}. */
  public String label() {
    return label;
  }

  /**
   * The type of an existing key: EC on P-256, or RSA of 2048 or 3072 bits; empty for anything
   * else (another curve or modulus size, another algorithm).
   */
  public static Optional<KeyType> of(PublicKey key) {
    if (key instanceof ECPublicKey ec) {
      ECParameterSpec params = ec.getParams();
      ECParameterSpec p256 = P256.SPEC;
      boolean onP256 = params.getCurve().equals(p256.getCurve()) && params.getGenerator().equals(p256.getGenerator())
          && params.getOrder().equals(p256.getOrder());
      return onP256 ? Optional.of(EC_P256) : Optional.empty();
    }
    if (key instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits == 2048 ? Optional.of(RSA_2048) : bits == 3072 ? Optional.of(RSA_3072) : Optional.empty();
    }
    return Optional.empty();
  }

  /** A fresh key pair of this type. */
  public KeyPair generate() {
    try {
      if (this == EC_P256) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(this == RSA_2048 ? 2048 : 3072);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + this + " key pair", e);
    }
  }

  /** The signature algorithm a CA holding a key of this type signs with. */
  static String signatureAlgorithm(PublicKey signerKey) {
    return "EC".equals(signerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
  }

  /** The domain parameters of P-256 (secp256r1), looked up once. */
  private static final class P256 {
    static final ECParameterSpec SPEC;

    static {
      try {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        SPEC = parameters.getParameterSpec(ECParameterSpec.class);
      } catch (GeneralSecurityException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** Parses {@code ec}, {@code ec-p256}, {@code rsa}, {@code rsa2048}, {@code rsa-3072} and the enum names. */
  public static KeyType parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
    return switch (t) {
      case "ec", "ecp256", "p256" -> EC_P256;
      case "rsa", "rsa2048" -> RSA_2048;
      case "rsa3072" -> RSA_3072;
      default -> throw new IllegalArgumentException("unknown key type '" + text + "' (known: "
          + String.join(", ", Arrays.stream(values()).map(KeyType::label).toList()) + ")");
    };
  }
}
