package io.tokenless.error;

import java.util.List;

/**
 * Missing or bad credentials: {@code 401}. Carries the {@code WWW-Authenticate} challenges of
 * every mechanism the endpoint accepts, one header each, so a client can pick one and retry.
 * The message is deliberately vague for credential failures; the specific reason belongs in
 * the security log.
 */
public final class UnauthenticatedException extends TokenlessException {
  private final List<String> challenges;

  public UnauthenticatedException(String message, List<String> challenges) {
    super(message, null);
    this.challenges = List.copyOf(challenges);
  }

  public UnauthenticatedException(String message, List<String> challenges, Throwable cause) {
    super(message, cause);
    this.challenges = List.copyOf(challenges);
  }

  /** The {@code WWW-Authenticate} header values, in the order they are sent. */
  public List<String> challenges() {
    return challenges;
  }

  /** The same failure with the endpoint's challenges added after any it already carries. */
  public UnauthenticatedException withChallenges(List<String> more) {
    var all = new java.util.ArrayList<>(challenges);
    for (String c : more) {
      if (!all.contains(c)) {
        all.add(c);
      }
    }
    return new UnauthenticatedException(getMessage(), all, getCause());
  }

  @Override
  public int status() {
    return 401;
  }

  @Override
  public String title() {
    return "Unauthorized";
  }
}
