package io.tokenless.error;

/** A duplicate name or id, or a change that contradicts the current state: {@code 409}. */
public final class ConflictException extends TokenlessException {

  public ConflictException(String message) {
    super(message, null);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int status() {
    return 409;
  }

  @Override
  public String title() {
    return "Conflict";
  }
}
