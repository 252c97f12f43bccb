package io.tokenless.fernet;

import java.time.Instant;
import java.util.Objects;

/**
 * A token just made: its text (for {@code X-Subject-Token}) and its issue time, read back from
 * the Fernet timestamp as Keystone does for the {@code issued_at} of its response.
 */
public record IssuedToken(String token, Instant issuedAt) {
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /** Redacted: a token is a bearer credential. */
  @Override
  public String toString() {
    return "IssuedToken[issuedAt=" + issuedAt + "]";
  }
}
