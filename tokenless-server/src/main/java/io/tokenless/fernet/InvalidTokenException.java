package io.tokenless.fernet;

import java.util.Objects;

/**
 * The one failure a caller gets for a token that is not valid, whatever the cause: the message
 * is the same for all of them, so a client cannot tell a bad signature from an expired token.
 * {@link #reason()} says what really happened, for the log only.
 */
public final class InvalidTokenException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What was wrong, for logs and metrics; never shown to a client. */
  public enum Reason {
    /** Not URL-safe base64, wrong padding, or a length no Fernet token has. */
    MALFORMED,
    /** Longer than any token we accept; rejected before any crypto. */
    TOO_LONG,
    /** Not version 0x80. */
    UNSUPPORTED_VERSION,
    /** No key's HMAC matched: a foreign key, a deleted key, or tampering. */
    NO_MATCHING_KEY,
    /** The HMAC matched but the ciphertext did not decrypt (bad PKCS#7 padding). */
    UNDECRYPTABLE,
    /** Decrypted, but the payload is not one Keystone would read. */
    BAD_PAYLOAD,
    /** A payload version Keystone does not define. */
    UNKNOWN_PAYLOAD_VERSION,
    /** {@code expires_at} has passed. */
    EXPIRED
  }

  private final Reason reason;
  private final String detail;

  public InvalidTokenException(Reason reason, String detail) {
    super("Could not validate token");
    this.reason = Objects.requireNonNull(reason, "reason");
    this.detail = Objects.requireNonNull(detail, "detail");
  }

  public Reason reason() {
    return reason;
  }

  /** The specific cause, for the log; never contains the token or key material. */
  public String detail() {
    return detail;
  }

  /** No stack trace: this is an expected outcome on a hot path, not a bug. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
