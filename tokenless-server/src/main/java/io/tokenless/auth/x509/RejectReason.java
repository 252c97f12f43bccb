package io.tokenless.auth.x509;

/**
 * Why a client certificate was rejected. {@link #clientMessage()} is what the caller is told:
 * it names the reason, as a TLS alert would, but never details of our trust configuration.
 */
public enum RejectReason {
  EXPIRED("client certificate expired"),
  NOT_YET_VALID("client certificate not yet valid"),
  REVOKED("client certificate revoked"),
  UNTRUSTED_ISSUER("client certificate issuer not trusted"),
  SELF_SIGNED("client certificate is self-signed"),
  WRONG_USAGE("client certificate not allowed for client authentication"),
  CHAIN_TOO_LONG("client certificate chain too long"),
  REVOCATION_UNKNOWN("client certificate revocation status unknown"),
  INVALID("client certificate invalid");

  private final String clientMessage;

  RejectReason(String clientMessage) {
    this.clientMessage = clientMessage;
  }

  public String clientMessage() {
    return clientMessage;
  }
}
