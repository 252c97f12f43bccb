package io.tokenless.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

/** The key algorithms the dev CA issues. EC P-256 is the default: small and fast to handshake. */
public enum KeyType {
  EC_P256,
  RSA_2048,
  RSA_3072;

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

  /** Parses {@code ec}, {@code ec-p256}, {@code rsa}, {@code rsa2048}, {@code rsa-3072} and the enum names. */
  public static KeyType parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT).replace("_", "").replace("-", "");
    return switch (t) {
      case "ec", "ecp256", "p256" -> EC_P256;
      case "rsa", "rsa2048" -> RSA_2048;
      case "rsa3072" -> RSA_3072;
      default -> throw new IllegalArgumentException("unknown key type '" + text + "' (ec, rsa2048, rsa3072)");
    };
  }
}
