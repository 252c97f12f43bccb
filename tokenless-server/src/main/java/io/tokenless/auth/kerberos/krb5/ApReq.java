package io.tokenless.auth.kerberos.krb5;

/**
 * {@code AP-REQ ::= [APPLICATION 14] SEQUENCE { pvno [0] 5, msg-type [1] 14, ap-options [2],
 * ticket [3], authenticator [4] }} (RFC 4120 5.5.1). Only the ticket and authenticator are
 * sealed; the options travel in clear and are not integrity-protected.
 *
 * @param apOptions the APOptions bits, bit 0 of the BIT STRING in the int's top bit
 */
public record ApReq(int apOptions, Ticket ticket, EncryptedData authenticator) {
  /** use-session-key: user-to-user, the ticket sealed in a TGT session key (no keytab has it). */
  public static final int USE_SESSION_KEY = 1 << 30;
  /** mutual-required: the client wants an AP-REP. */
  public static final int MUTUAL_REQUIRED = 1 << 29;

  /** Reads the AP-REQ, which must be all that {@code reader} holds. */
  static ApReq decode(DerReader reader) throws Krb5Exception {
    DerReader application = reader.read(0x6e);
    reader.expectEnd("AP-REQ token");
    DerReader sequence = application.read(DerReader.SEQUENCE);
    application.expectEnd("AP-REQ");
    long pvno = sequence.integerField(0);
    if (pvno != 5) {
      throw new Krb5Exception("AP-REQ pvno " + pvno + ", not 5");
    }
    long type = sequence.integerField(1);
    if (type != 14) {
      throw new Krb5Exception("msg-type " + type + " where an AP-REQ (14) was expected");
    }
    int options = sequence.flagsField(2);
    Ticket ticket = Ticket.decode(sequence.field(3));
    EncryptedData authenticator = EncryptedData.decode(sequence.field(4));
    sequence.expectEnd("AP-REQ");
    return new ApReq(options, ticket, authenticator);
  }

  public boolean mutualRequired() {
    return (apOptions & MUTUAL_REQUIRED) != 0;
  }

  public boolean useSessionKey() {
    return (apOptions & USE_SESSION_KEY) != 0;
  }
}
