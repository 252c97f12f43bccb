package io.tokenless.auth.kerberos.krb5;

import java.util.Optional;

/**
 * The client's proof of holding the session key, sealed in it for each request (RFC 4120 5.5.1),
 * reduced to what acceptance needs. Subkey, sequence number and authorization data are read for
 * well-formedness and not kept: nothing after the handshake is protected with them here.
 *
 * @param ctime    epoch seconds of the client's clock
 * @param cusec    the microseconds of ctime, 0 to 999999
 * @param checksum the cksum field, which GSS requires (RFC 4121 4.1.1)
 */
public record Authenticator(String crealm, PrincipalName cname, Optional<Checksum> checksum, int cusec, long ctime) {

  /** {@code Checksum ::= SEQUENCE { cksumtype [0] Int32, checksum [1] OCTET STRING }}. */
  public record Checksum(int type, byte[] value) {}

  static Authenticator decode(byte[] plaintext) throws Krb5Exception {
    DerReader reader = DerReader.of(plaintext);
    DerReader application = reader.read(0x62);
    reader.expectEnd("Authenticator plaintext");
    DerReader sequence = application.read(DerReader.SEQUENCE);
    application.expectEnd("Authenticator");
    long vno = sequence.integerField(0);
    if (vno != 5) {
      throw new Krb5Exception("authenticator version " + vno + ", not 5");
    }
    String crealm = sequence.stringField(1);
    PrincipalName cname = PrincipalName.decode(sequence.field(2));
    Optional<Checksum> checksum = Optional.empty();
    if (sequence.peekTag() == 0xa3) {
      DerReader field = sequence.field(3);
      DerReader cksum = field.read(DerReader.SEQUENCE);
      field.expectEnd("cksum field");
      checksum = Optional.of(new Checksum(cksum.int32Field(0), cksum.octetStringField(1)));
      cksum.expectEnd("Checksum");
    }
    long cusec = sequence.integerField(4);
    if (cusec < 0 || cusec > 999_999) {
      throw new Krb5Exception("cusec out of range: " + cusec);
    }
    long ctime = sequence.timeField(5);
    if (sequence.peekTag() == 0xa6) {
      EncTicketPart.decodeKey(sequence.field(6));
    }
    if (sequence.peekTag() == 0xa7) {
      sequence.uint32Field(7);
    }
    if (sequence.peekTag() == 0xa8) {
      sequence.field(8).read(DerReader.SEQUENCE);
    }
    sequence.expectEnd("Authenticator");
    return new Authenticator(crealm, cname, checksum, (int) cusec, ctime);
  }

  /** ctime with its microseconds, in epoch milliseconds, for the clock-skew check. */
  public long ctimeMillis() {
    return ctime * 1000 + cusec / 1000;
  }

  public String clientName() {
    return cname.toString(crealm);
  }
}
