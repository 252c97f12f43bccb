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

  /** The token proves nothing; {@code logReason} is for the server log only, never for the client. */
  record Rejected(String logReason) implements AcceptResult {
    public Rejected {
      Objects.requireNonNull(logReason, "logReason");
    }
  }
}
