package io.tokenless.auth.kerberos.krb5;

import java.security.MessageDigest;
import java.util.Objects;

/**
 * Raw key bytes of a Kerberos encryption type (a service key from the keytab, or a ticket's
 * session key). Immutable: the bytes are copied in and out. {@link #toString()} is redacted and
 * {@link #equals} compares in constant time.
 *
 * @param etype the RFC 3961 encryption type number, e.g. 18 for aes256-cts-hmac-sha1-96
 */
public record EncryptionKey(int etype, byte[] bytes) {
  public EncryptionKey {
    Objects.requireNonNull(bytes, "bytes");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes without a copy, for the crypto code of this package only. */
  byte[] rawBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EncryptionKey key && key.etype == etype && MessageDigest.isEqual(key.bytes, bytes);
  }

  @Override
  public int hashCode() {
    // Not derived from the key bytes: a hash code must not leak key material.
    return Integer.hashCode(etype) * 31 + bytes.length;
  }

  @Override
  public String toString() {
    return "EncryptionKey[etype=" + etype + ", " + bytes.length + " bytes redacted]";
  }
}
