package io.tokenless.auth.kerberos;

/**
 * Accepts a client's initial GSS token (SPNEGO or raw Kerberos) in one round trip, offline
 * with the service keytab. Implementations are thread-safe and never throw for bad input:
 * garbage, truncated, replayed, expired or foreign tokens are {@link AcceptResult.Rejected}
 * with a log reason that never contains the token.
 */
public interface KerberosAcceptor {
  /** Larger tokens are not Kerberos tickets anyone sends (a ticket with a big PAC is ~12 KiB). */
  int MAX_TOKEN_BYTES = 48 * 1024;

  AcceptResult accept(byte[] token);

  AcceptorConfig config();
}
