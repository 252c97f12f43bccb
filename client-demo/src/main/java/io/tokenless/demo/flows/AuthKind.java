package io.tokenless.demo.flows;

/** How the demo user proves who they are. */
public enum AuthKind {
  /** A Kerberos ticket from the user's keytab, sent as {@code Authorization: Negotiate}. */
  kerberos,
  /** The user's client certificate, presented in the TLS handshake. */
  cert,
  /** Legacy: a password exchanged for a Fernet token at {@code /v3/auth/tokens}, sent as {@code X-Auth-Token}. */
  password
}
