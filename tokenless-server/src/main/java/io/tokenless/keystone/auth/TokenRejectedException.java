package io.tokenless.keystone.auth;

import java.util.Objects;

/**
 * A token that is not (or no longer) valid. {@link #getMessage()} is what Keystone tells the
 * client ({@code Could not recognize Fernet token} when no key opens it, {@code Failed to
 * validate token} otherwise); {@link #logReason()} is the specific cause, for the log only.
 */
public final class TokenRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Keystone's message for a token no key decrypts (or that is not a Fernet token at all). */
  public static final String UNRECOGNIZED = "Could not recognize Fernet token";
  /** Keystone's message for an expired, revoked or no longer authorised token. */
  public static final String FAILED = "Failed to validate token";

  private final String logReason;

  public TokenRejectedException(String clientMessage, String logReason) {
    super(clientMessage);
    this.logReason = Objects.requireNonNull(logReason, "logReason");
  }

  public String logReason() {
    return logReason;
  }

  /** An expected outcome, not a bug: no stack trace. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
