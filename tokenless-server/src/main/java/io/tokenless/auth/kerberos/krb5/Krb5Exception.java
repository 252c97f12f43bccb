package io.tokenless.auth.kerberos.krb5;

/**
 * A token is malformed or fails a Kerberos check. The message is a log reason: it names what is
 * wrong and never carries token, key or plaintext bytes.
 *
 * <p>Checked, so that every decoder and check on the accept path is visibly handled; created
 * without a stack trace because a flood of garbage tokens should cost parsing, not stack walks.
 */
public final class Krb5Exception extends Exception {
  private static final long serialVersionUID = 1L;

  public Krb5Exception(String message) {
    super(message, null, false, false);
  }
}
