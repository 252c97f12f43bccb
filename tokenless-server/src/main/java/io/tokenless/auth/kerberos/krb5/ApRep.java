package io.tokenless.auth.kerberos.krb5;

import java.util.OptionalInt;

/**
 * The acceptor's mutual-authentication reply (RFC 4120 5.5.2): {@code AP-REP ::= [APPLICATION 15]
 * SEQUENCE { pvno [0] 5, msg-type [1] 15, enc-part [2] EncryptedData }}, the enc-part an
 * {@code EncAPRepPart ::= [APPLICATION 27] SEQUENCE { ctime [0], cusec [1], subkey [2] OPTIONAL,
 * seq-number [3] OPTIONAL }} sealed in the ticket's session key with usage 12.
 *
 * <p>Echoing the authenticator's ctime and cusec proves the server opened it. Like the JDK's and
 * MIT's acceptors we send a random sequence number (initiators seed their per-message sequence
 * from it) and no subkey: the JDK initiator needs none, and nothing is sealed after the handshake.
 */
final class ApRep {
  private ApRep() {}

  static byte[] encode(DecryptedTicket ticket, Authenticator authenticator) {
    byte[] encPart = DerWriter.tlv(DerWriter.application(27), DerWriter.tlv(DerReader.SEQUENCE,
        DerWriter.tlv(DerWriter.context(0), DerWriter.kerberosTime(authenticator.ctime())),
        DerWriter.tlv(DerWriter.context(1), DerWriter.integer(authenticator.cusec())),
        DerWriter.tlv(DerWriter.context(3), DerWriter.integer(AesCtsHmacSha1.randomSequenceNumber()))));
    byte[] sealed = AesCtsHmacSha1.encrypt(ticket.apRepKeys(), encPart);
    return DerWriter.tlv(DerWriter.application(15), DerWriter.tlv(DerReader.SEQUENCE,
        DerWriter.tlv(DerWriter.context(0), DerWriter.integer(5)),
        DerWriter.tlv(DerWriter.context(1), DerWriter.integer(15)),
        DerWriter.tlv(DerWriter.context(2), new EncryptedData(ticket.apRepKeys().etype(), OptionalInt.empty(), sealed).encode())));
  }
}
