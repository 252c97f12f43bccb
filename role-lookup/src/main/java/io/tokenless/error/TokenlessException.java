package io.tokenless.error;

/**
 * The root of every failure Tokenless reports to a caller. Each subtype fixes the HTTP status
 * it maps to; {@code io.tokenless.web.ErrorResponder} renders it as {@code application/problem+json}
 * on our own API or as Keystone's {@code {"error": ...}} body under {@code /v3}.
 *
 * <p>The message is shown to the client: it must never carry a credential, a key or a stack
 * trace. Details meant only for the log go in the cause.
 */
public abstract sealed class TokenlessException extends RuntimeException
    permits BadRequestException, UnauthenticatedException, ForbiddenException, NotFoundException,
        ConflictException, UnavailableException, PayloadTooLargeException, MethodNotAllowedException {

  protected TokenlessException(String message, Throwable cause) {
    super(message, cause, cause != null, false);
  }

  /** The HTTP status this failure maps to. */
  public abstract int status();

  /** A short human title for the status, as Keystone and RFC 9457 bodies carry it. */
  public abstract String title();
}
