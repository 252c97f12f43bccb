package io.tokenless.error;

/** A request body past the configured limit: {@code 413}. */
public final class PayloadTooLargeException extends TokenlessException {

  public PayloadTooLargeException(String message) {
    super(message, null);
  }

  public PayloadTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int status() {
    return 413;
  }

  @Override
  public String title() {
    return "Request Entity Too Large";
  }
}
