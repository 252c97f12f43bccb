package io.tokenless.error;

import java.time.Duration;

/**
 * A dependency (PostgreSQL) cannot be reached and no cached answer can stand in: {@code 503}
 * with {@code Retry-After}.
 */
public final class UnavailableException extends TokenlessException {
  private final Duration retryAfter;

  public UnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public int status() {
    return 503;
  }

  @Override
  public String title() {
    return "Service Unavailable";
  }
}
