package io.tokenless.kdc;

/** The embedded KDC could not do what was asked; the message names the realm, port or principal. */
public final class KdcException extends RuntimeException {
  public KdcException(String message, Throwable cause) {
    super(message, cause);
  }
}
