package io.tokenless.error;

/** Malformed or invalid input: {@code 400}. */
public final class BadRequestException extends TokenlessException {

  public BadRequestException(String message) {
    super(message, null);
  }

  public BadRequestException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int status() {
    return 400;
  }

  @Override
  public String title() {
    return "Bad Request";
  }
}
