package io.tokenless.error;

/** No such resource, or (on token validation) an invalid, expired or revoked token: {@code 404}. */
public final class NotFoundException extends TokenlessException {

  public NotFoundException(String message) {
    super(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public int status() {
    return 404;
  }

  @Override
  public String title() {
    return "Not Found";
  }
}
