package io.tokenless.auth.kerberos.krb5;

/**
 * {@code Ticket ::= [APPLICATION 1] SEQUENCE { tkt-vno [0] 5, realm [1], sname [2], enc-part [3] }}
 * (RFC 4120 5.3): the part in clear (service name and realm) and the sealed EncTicketPart.
 */
public record Ticket(String realm, PrincipalName sname, EncryptedData encPart) {

  /** Reads the ticket, which must be all that {@code field} holds. */
  static Ticket decode(DerReader field) throws Krb5Exception {
    DerReader application = field.read(0x61);
    field.expectEnd("Ticket field");
    DerReader sequence = application.read(DerReader.SEQUENCE);
    application.expectEnd("Ticket");
    long vno = sequence.integerField(0);
    if (vno != 5) {
      throw new Krb5Exception("ticket version " + vno + ", not 5");
    }
    String realm = sequence.stringField(1);
    PrincipalName sname = PrincipalName.decode(sequence.field(2));
    EncryptedData encPart = EncryptedData.decode(sequence.field(3));
    sequence.expectEnd("Ticket");
    return new Ticket(realm, sname, encPart);
  }

  /** {@code sname@realm} as the keytab and the JDK spell it. */
  public String serviceName() {
    return sname.toString(realm);
  }
}
