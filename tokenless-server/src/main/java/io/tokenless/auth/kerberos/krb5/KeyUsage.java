package io.tokenless.auth.kerberos.krb5;

/** The RFC 4120 7.5.1 key usage numbers the acceptor uses. */
final class KeyUsage {
  /** Ticket enc-part, sealed in the service key by the KDC. */
  static final int TICKET = 2;
  /** AP-REQ authenticator, sealed in the session key by the client. */
  static final int AUTHENTICATOR = 11;
  /** AP-REP enc-part, sealed in the session key by the acceptor. */
  static final int AP_REP = 12;

  private KeyUsage() {}
}
