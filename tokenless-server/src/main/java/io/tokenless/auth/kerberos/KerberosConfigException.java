package io.tokenless.auth.kerberos;

/** Kerberos is configured wrongly; the message names the setting and what is wrong with it. */
public final class KerberosConfigException extends RuntimeException {
  public KerberosConfigException(String message) {
    super(message);
  }

  public KerberosConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
