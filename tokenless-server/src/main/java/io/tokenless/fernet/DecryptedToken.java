package io.tokenless.fernet;

import java.time.Instant;
import java.util.Objects;

/**
 * The plaintext of a Fernet token whose HMAC verified, when it was made (the Fernet timestamp,
 * whole seconds) and the number of the key that opened it. The plaintext array is the caller's
 * (not copied); record equality compares it by reference.
 */
public record DecryptedToken(byte[] plaintext, Instant issuedAt, int keyNumber) {
  public DecryptedToken {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}
