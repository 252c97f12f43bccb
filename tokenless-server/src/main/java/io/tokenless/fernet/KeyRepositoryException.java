package io.tokenless.fernet;

/**
 * A key repository cannot be read or changed: a missing directory, a key file with bad content,
 * unsafe permissions or a foreign owner. The message names the file and says what is wrong with
 * it, never the key itself, so an operator can act on it; the server refuses to start on it.
 */
public final class KeyRepositoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KeyRepositoryException(String message) {
    super(message);
  }

  public KeyRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
