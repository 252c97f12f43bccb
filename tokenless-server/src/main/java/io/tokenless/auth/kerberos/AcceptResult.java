package io.tokenless.auth.kerberos;

import java.util.Objects;

/** What {@link KerberosAcceptor#accept(byte[])} made of one token. */
public sealed interface AcceptResult {

  /**
   * The token proved {@code client}; {@code replyToken} (possibly empty) goes back in
   * {@code WWW-Authenticate: Negotiate} so the client can check the server (mutual auth).
   */
  record Accepted(KerberosPrincipalName client, String service, byte[] replyToken) implements AcceptResult {
    public Accepted {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(service, "service");
      replyToken = replyToken.clone();
    }

    @Override
    public byte[] replyToken() {
      return replyToken.clone();
    }
  }

  /**
   * The token proves nothing; {@code logReason} is for the server log only, never for the client.
   * It goes to the security log and the audit log as it is, so it is stored escaped: control and
   * format characters written as escapes and at most {@value UntrustedText#MAX_REASON} characters
   * ({@link UntrustedText#escape}), whatever the caller passed. Callers still quote names from a
   * token with {@link UntrustedText#name}, which cuts them shorter.
   */
  record Rejected(String logReason) implements AcceptResult {
    public Rejected {
      Objects.requireNonNull(logReason, "logReason");
      logReason = UntrustedText.escape(logReason, UntrustedText.MAX_REASON);
    }
  }
}
