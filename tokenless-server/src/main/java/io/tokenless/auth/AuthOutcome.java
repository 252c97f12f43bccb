package io.tokenless.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * What one authentication mechanism made of a request. Several mechanisms look at each request;
 * one that is {@link NotAttempted} lets the others try, and every mechanism of the endpoint adds
 * its challenge when none succeeds.
 */
public sealed interface AuthOutcome {

  /** The caller proved an identity; {@code replyToken}, a whole {@code WWW-Authenticate} value, is sent back (SPNEGO mutual auth). */
  record Authenticated(AuthenticatedPrincipal principal, Optional<String> replyToken) implements AuthOutcome {
    public Authenticated {
      Objects.requireNonNull(principal, "principal");
      Objects.requireNonNull(replyToken, "replyToken");
    }

    public Authenticated(AuthenticatedPrincipal principal) {
      this(principal, Optional.empty());
    }
  }

  /** The request carries no credential for this mechanism. */
  record NotAttempted() implements AuthOutcome {}

  /**
   * The request carries a credential for this mechanism and it is bad. {@code logReason} is
   * specific and goes to the security log only; the client gets {@code clientMessage}.
   */
  record Failed(String clientMessage, String logReason) implements AuthOutcome {
    public Failed {
      Objects.requireNonNull(clientMessage, "clientMessage");
      Objects.requireNonNull(logReason, "logReason");
    }
  }

  /** The mechanism needs another round trip; {@code challenge} goes into {@code WWW-Authenticate}. */
  record ContinueNeeded(String challenge) implements AuthOutcome {}
}
