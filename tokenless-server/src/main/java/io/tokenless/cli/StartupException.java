package io.tokenless.cli;

/** The process cannot start for a reason the operator can fix; printed as one line. */
public final class StartupException extends RuntimeException {
  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
