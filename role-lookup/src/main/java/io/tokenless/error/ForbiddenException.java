package io.tokenless.error;

/** Authenticated, but not allowed to do this: {@code 403}. */
public final class ForbiddenException extends TokenlessException {

  public ForbiddenException(String message) {
    super(message, null);
  }

  public ForbiddenException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int status() {
    return 403;
  }

  @Override
  public String title() {
    return "Forbidden";
  }
}
