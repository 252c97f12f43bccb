package io.tokenless.fernet;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * One Fernet key: 32 bytes, of which the first 16 sign (HMAC-SHA256) and the last 16 encrypt
 * (AES-128-CBC). Stored, as Keystone stores it, as 44 characters of URL-safe base64 with padding.
 *
 * <p>The key bytes never leave this object except through {@link #toStorageString()}, which only
 * the key repository uses to write a key file. {@link #toString()} is redacted and
 * {@link #equals(Object)} compares in constant time, so a key can sit in a log statement or a
 * collection without leaking through either.
 */
public final class FernetKey {

  /** Length of a key in bytes. */
  public static final int LENGTH = 32;

  private static final int HALF = 16;

  private final byte[] bytes;
  private final SecretKeySpec signingKey;
  private final SecretKeySpec encryptionKey;

  private FernetKey(byte[] bytes) {
    this.bytes = bytes;
    this.signingKey = new SecretKeySpec(bytes, 0, HALF, "HmacSHA256");
    this.encryptionKey = new SecretKeySpec(bytes, HALF, HALF, "AES");
  }

  /**
   * Reads a key in Keystone's file format: URL-safe base64 of 32 bytes. Trailing ASCII
   * whitespace is tolerated because operators write key files with {@code echo}; Keystone's
   * python decoder ignores it too.
   *
   * @throws IllegalArgumentException if the text is not base64 of exactly 32 bytes; the message
   *     never contains the text itself
   */
  public static FernetKey parse(String text) {
    String trimmed = text.stripTrailing();
    byte[] decoded;
    try {
      decoded = Base64.getUrlDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not URL-safe base64 (" + trimmed.length() + " characters)");
    }
    if (decoded.length != LENGTH) {
      Arrays.fill(decoded, (byte) 0);
      throw new IllegalArgumentException(
          "decodes to " + decoded.length + " bytes, a Fernet key has " + LENGTH);
    }
    return new FernetKey(decoded);
  }

  /** A fresh random key, as {@code keystone-manage fernet_setup/rotate} would write. */
  public static FernetKey generate(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new FernetKey(bytes);
  }

  /** The 44-character form written to a key file. Only for the key repository. */
  String toStorageString() {
    return Base64.getUrlEncoder().encodeToString(bytes);
  }

  SecretKeySpec signingKey() {
    return signingKey;
  }

  SecretKeySpec encryptionKey() {
    return encryptionKey;
  }

  /** Constant time, so comparing keys tells an attacker nothing through timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FernetKey that && MessageDigest.isEqual(bytes, that.bytes);
  }

  /**
   * A constant: a hash derived from the key bytes would be a (tiny) leak, and keys are never used
   * as hash keys in bulk.
   */
  @Override
  public int hashCode() {
    return FernetKey.class.hashCode();
  }

  @Override
  public String toString() {
    return "FernetKey[redacted]";
  }
}
