package io.tokenless.keystone.auth;

import java.util.Objects;

/**
 * A trust or application credential that grants nothing (now). {@link #getMessage()} is
 * Keystone's answer when a token is requested, {@link #status()} its HTTP status there; when a
 * token is validated every refusal is Keystone's 404, and {@link #logReason()} goes to the log.
 */
final class DelegationRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String logReason;

  private DelegationRefusedException(int status, String clientMessage, String logReason) {
    super(clientMessage);
    this.status = status;
    this.logReason = Objects.requireNonNull(logReason, "logReason");
  }

  /** Keystone's 404 for a trust it cannot find (deleted, expired, used up or unknown). */
  static DelegationRefusedException trustNotFound(String trustId, String logReason) {
    return new DelegationRefusedException(404, "Could not find trust: " + trustId + ".", logReason);
  }

  /** Keystone's 403: authenticated, but the delegation does not allow it. */
  static DelegationRefusedException forbidden(String clientMessage, String logReason) {
    return new DelegationRefusedException(403, clientMessage, logReason);
  }

  /** Keystone's 401 with its one vague message: nothing about the cause is told. */
  static DelegationRefusedException unauthenticated(String logReason) {
    return new DelegationRefusedException(401, TokenService.UNAUTHENTICATED, logReason);
  }

  int status() {
    return status;
  }

  String logReason() {
    return logReason;
  }

  /** An expected outcome, not a bug: no stack trace. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
