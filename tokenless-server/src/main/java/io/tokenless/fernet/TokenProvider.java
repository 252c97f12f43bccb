package io.tokenless.fernet;

/** Issues and validates Keystone-compatible tokens. */
public interface TokenProvider {

  /** A new token carrying {@code payload}, with the issue time its response reports. */
  IssuedToken mint(TokenPayload payload);

  /** A new token carrying {@code payload}, as the text sent in {@code X-Subject-Token}. */
  default String issue(TokenPayload payload) {
    return mint(payload).token();
  }

  /**
   * Decrypts and parses a token and checks its expiry.
   *
   * @param allowExpired accept a token up to the allow-expired window past its expiry, like
   *     Keystone's {@code ?allow_expired=1}
   * @throws InvalidTokenException for any token that is not valid; the same message whatever
   *     the cause
   */
  ValidatedToken validate(String token, boolean allowExpired) throws InvalidTokenException;

  /** {@link #validate(String, boolean)} without accepting expired tokens. */
  default ValidatedToken validate(String token) throws InvalidTokenException {
    return validate(token, false);
  }
}
