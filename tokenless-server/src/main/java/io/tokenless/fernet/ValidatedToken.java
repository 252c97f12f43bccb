package io.tokenless.fernet;

import java.time.Instant;
import java.util.Objects;

/**
 * A token that decrypted, parsed and was within its lifetime: what it says and when it was
 * issued (the Fernet timestamp, whole seconds; Keystone's {@code issued_at}). Revocation and the
 * state of the user, project and roles are the caller's to check.
 */
public record ValidatedToken(TokenPayload payload, Instant issuedAt) {
  public ValidatedToken {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }
}
