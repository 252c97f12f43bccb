package io.tokenless.http.tls;

import java.math.BigInteger;
import java.security.interfaces.XECKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 keys as RFC 7748 byte strings, seen through the JDK's {@link XECKey} interfaces (which
 * JSSE casts to). Encodings are X.509 SubjectPublicKeyInfo and PKCS#8 with OID 1.3.101.110
 * (RFC 8410), as the JDK writes them.
 */
final class X25519Key {
  static final int SIZE = X25519.POINT_SIZE;
  /** 2^255 - 19: a u-coordinate is taken modulo p, as the JDK's key factory does. */
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final byte[] X509_PREFIX = hex("302a300506032b656e032100");
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b656e04220420");

  private X25519Key() {}

  /** Whether {@code params} names X25519 (the only curve these classes hold). */
  static boolean isX25519(AlgorithmParameterSpec params) {
    return params instanceof NamedParameterSpec named && named.getName().equalsIgnoreCase("X25519");
  }

  static Public publicFromU(BigInteger u) {
    byte[] big = u.mod(P).toByteArray();
    byte[] little = new byte[SIZE];
    for (int i = 0; i < SIZE && i < big.length; i++) {
      little[i] = big[big.length - 1 - i];
    }
    return new Public(little);
  }

  static Optional<Public> publicFromX509(byte[] encoded) {
    return unwrap(encoded, X509_PREFIX).map(Public::new);
  }

  static Optional<Private> privateFromPkcs8(byte[] encoded) {
    return unwrap(encoded, PKCS8_PREFIX).map(Private::new);
  }

  private static Optional<byte[]> unwrap(byte[] encoded, byte[] prefix) {
    if (encoded == null || encoded.length != prefix.length + SIZE
        || !Arrays.equals(encoded, 0, prefix.length, prefix, 0, prefix.length)) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(encoded, prefix.length, encoded.length));
  }

  private static byte[] wrap(byte[] prefix, byte[] key) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + SIZE);
    System.arraycopy(key, 0, out, prefix.length, SIZE);
    return out;
  }

  private static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }

  /** A public key: the u-coordinate, 32 bytes little-endian. */
  static final class Public implements XECPublicKey {
    private static final long serialVersionUID = 1L;
    private final byte[] u;

    Public(byte[] u) {
      if (u.length != SIZE) {
        throw new IllegalArgumentException("an X25519 public key is " + SIZE + " bytes, not " + u.length);
      }
      this.u = u.clone();
    }

    /** The 32 bytes, as RFC 7748 and TLS carry them. */
    byte[] bytes() {
      return u.clone();
    }

    @Override
    public BigInteger getU() {
      byte[] big = new byte[SIZE];
      for (int i = 0; i < SIZE; i++) {
        big[i] = u[SIZE - 1 - i];
      }
      return new BigInteger(1, big);
    }

    @Override
    public AlgorithmParameterSpec getParams() {
      return NamedParameterSpec.X25519;
    }

    @Override
    public String getAlgorithm() {
      return "XDH";
    }

    @Override
    public String getFormat() {
      return "X.509";
    }

    @Override
    public byte[] getEncoded() {
      return wrap(X509_PREFIX, u);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Public other && Arrays.equals(u, other.u);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(u);
    }

    @Override
    public String toString() {
      return "X25519 public key";
    }
  }

  /** A private key: the 32-byte scalar as generated (clamped when used, per RFC 7748). */
  static final class Private implements XECPrivateKey {
    private static final long serialVersionUID = 1L;
    private final byte[] k;

    Private(byte[] k) {
      if (k.length != SIZE) {
        throw new IllegalArgumentException("an X25519 private key is " + SIZE + " bytes");
      }
      this.k = k.clone();
    }

    /** The scalar; for the key agreement in this package only. */
    byte[] bytes() {
      return k.clone();
    }

    Public publicKey() {
      byte[] u = new byte[SIZE];
      X25519.generatePublicKey(k, 0, u, 0);
      return new Public(u);
    }

    @Override
    public Optional<byte[]> getScalar() {
      return Optional.of(k.clone());
    }

    @Override
    public AlgorithmParameterSpec getParams() {
      return NamedParameterSpec.X25519;
    }

    @Override
    public String getAlgorithm() {
      return "XDH";
    }

    @Override
    public String getFormat() {
      return "PKCS#8";
    }

    @Override
    public byte[] getEncoded() {
      return wrap(PKCS8_PREFIX, k);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Private other && java.security.MessageDigest.isEqual(k, other.k);
    }

    @Override
    public int hashCode() {
      return 0x25519;
    }

    @Override
    public String toString() {
      // Never the scalar.
      return "X25519 private key";
    }
  }
}
