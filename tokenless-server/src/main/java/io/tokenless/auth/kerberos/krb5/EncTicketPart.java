package io.tokenless.auth.kerberos.krb5;

import java.util.OptionalLong;

/**
 * What the KDC sealed in a ticket for the service (RFC 4120 5.3), reduced to what acceptance
 * needs. Transited realms, client addresses and authorization data are checked for well-formed
 * DER and otherwise ignored, as by the JDK acceptor without channel bindings.
 *
 * @param flags      TicketFlags, bit 0 in the int's top bit
 * @param sessionKey the key the client proves it holds by sealing the authenticator
 * @param authtime   epoch seconds of the initial authentication
 * @param starttime  epoch seconds from which the ticket is valid, when it differs from authtime
 * @param endtime    epoch seconds after which the ticket is expired
 */
public record EncTicketPart(int flags, EncryptionKey sessionKey, String crealm, PrincipalName cname,
    long authtime, OptionalLong starttime, long endtime) {
  /** TicketFlags bit 7, invalid: a postdated ticket the KDC has not validated yet. */
  public static final int INVALID = 1 << (31 - 7);

  /** Reads {@code [APPLICATION 3] SEQUENCE {...}} from the decrypted plaintext (nothing may follow). */
  static EncTicketPart decode(byte[] plaintext) throws Krb5Exception {
    DerReader reader = DerReader.of(plaintext);
    DerReader application = reader.read(0x63);
    // The plaintext is padded to nothing (CTS needs no padding), so it ends with the value.
    reader.expectEnd("EncTicketPart plaintext");
    DerReader sequence = application.read(DerReader.SEQUENCE);
    application.expectEnd("EncTicketPart");
    int flags = sequence.flagsField(0);
    EncryptionKey key = decodeKey(sequence.field(1));
    String crealm = sequence.stringField(2);
    PrincipalName cname = PrincipalName.decode(sequence.field(3));
    sequence.field(4).read(DerReader.SEQUENCE); // transited: not evaluated, see above
    long authtime = sequence.timeField(5);
    OptionalLong starttime = sequence.peekTag() == 0xa6 ? OptionalLong.of(sequence.timeField(6)) : OptionalLong.empty();
    long endtime = sequence.timeField(7);
    if (sequence.peekTag() == 0xa8) {
      sequence.timeField(8); // renew-till: irrelevant to acceptance
    }
    if (sequence.peekTag() == 0xa9) {
      sequence.field(9).read(DerReader.SEQUENCE); // caddr: see above
    }
    if (sequence.peekTag() == 0xaa) {
      sequence.field(10).read(DerReader.SEQUENCE); // authorization-data (a PAC): not used
    }
    sequence.expectEnd("EncTicketPart");
    return new EncTicketPart(flags, key, crealm, cname, authtime, starttime, endtime);
  }

  /** {@code EncryptionKey ::= SEQUENCE { keytype [0] Int32, keyvalue [1] OCTET STRING }}. */
  static EncryptionKey decodeKey(DerReader field) throws Krb5Exception {
    DerReader sequence = field.read(DerReader.SEQUENCE);
    field.expectEnd("EncryptionKey field");
    int type = sequence.int32Field(0);
    byte[] value = sequence.octetStringField(1);
    sequence.expectEnd("EncryptionKey");
    return new EncryptionKey(type, value);
  }

  /** The client as the JDK names it: {@code cname@crealm}. */
  public String clientName() {
    return cname.toString(crealm);
  }

  /** starttime, or authtime when absent (RFC 4120 5.3; MIT's rule for "not yet valid"). */
  public long validFrom() {
    return starttime.orElse(authtime);
  }

  @Override
  public String toString() {
    return "EncTicketPart[client=" + clientName() + ", flags=" + Integer.toHexString(flags) + ", authtime=" + authtime
        + ", endtime=" + endtime + ", session key redacted]";
  }
}
