package io.tokenless.auth.kerberos.krb5;

/**
 * A ticket's enc-part once decrypted and decoded, with the session key's derived keys for the
 * authenticator (usage 11) and the AP-REP (usage 12): what the ticket cache keeps so that a
 * client reusing its service ticket costs one decryption (the authenticator) per request.
 *
 * @param service the ticket's {@code sname@realm}
 * @param client  {@code cname@crealm}, as the JDK spells it
 * @param keysGeneration the keytab load whose key opened the ticket
 */
record DecryptedTicket(String service, String client, EncTicketPart part,
    AesCtsHmacSha1.UsageKeys authenticatorKeys, AesCtsHmacSha1.UsageKeys apRepKeys, long keysGeneration) {

  @Override
  public String toString() {
    return "DecryptedTicket[" + client + " for " + service + ", keys redacted]";
  }
}
