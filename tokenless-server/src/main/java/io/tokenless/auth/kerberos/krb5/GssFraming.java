package io.tokenless.auth.kerberos.krb5;

import java.util.Arrays;
import java.util.Optional;

/**
 * Unwraps a client's initial GSS token down to its Kerberos AP-REQ, and wraps the reply.
 *
 * <p>Accepted framings: a raw Kerberos token (RFC 2743 3.1 {@code [APPLICATION 0] { mech OID,
 * inner }}, with the krb5 inner token of RFC 4121 4.1: TOK_ID {@code 01 00} then the AP-REQ),
 * and SPNEGO (RFC 4178) NegTokenInit whose first proposed mechanism is Kerberos and whose
 * optimistic mechToken is that Kerberos token. The krb5 OID {@code 1.2.840.113554.1.2.2} and
 * Microsoft's alias {@code 1.2.840.48018.1.2.2} both count as Kerberos.
 *
 * <p>Why the first mechanism only: RFC 4178 5 makes the mechListMIC exchange optional only when
 * the mechanism selected is the initiator's first choice; then a single round trip without a MIC
 * is complete, as the JDK and MIT acceptors do it. Any other proposal order is {@link NotKerberos}
 * (the caller hands it to the general acceptor). A mechListMIC in the initial token is refused:
 * no initiator sends one there, and it would need the full negotiation.
 */
public final class GssFraming {
  static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  static final byte[] KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
  static final byte[] MS_KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
  private static final int TOK_ID_AP_REQ = 0x0100;
  private static final byte[] TOK_ID_AP_REP = {0x02, 0x00};
  private static final int ACCEPT_COMPLETED = 0;

  private GssFraming() {}

  /** What a token is, for the acceptor's routing. */
  public sealed interface Framing permits Krb5Request, NotKerberos {}

  /**
   * A Kerberos AP-REQ for this acceptor.
   *
   * @param spnegoMech the OID (DER contents) the reply names as SPNEGO supportedMech: the
   *                   client's first proposal; empty for a raw krb5 token
   * @param tokenOid   the mechanism OID of the krb5 token, echoed in the reply's token
   */
  public record Krb5Request(Optional<byte[]> spnegoMech, byte[] tokenOid, ApReq apReq) implements Framing {}

  /** A well-formed token for some other mechanism or negotiation, with why. */
  public record NotKerberos(String reason) implements Framing {}

  /** Parses an initial context token. */
  public static Framing parse(byte[] token) throws Krb5Exception {
    DerReader reader = DerReader.of(token);
    DerReader initial = reader.read(0x60);
    reader.expectEnd("GSS token");
    byte[] mech = initial.readOidContents();
    if (Arrays.equals(mech, SPNEGO_OID)) {
      return parseSpnego(initial);
    }
    if (isKerberos(mech)) {
      return new Krb5Request(Optional.empty(), mech, parseKrb5Inner(initial));
    }
    return new NotKerberos("GSS mechanism is neither SPNEGO nor Kerberos");
  }

  private static Framing parseSpnego(DerReader inner) throws Krb5Exception {
    DerReader choice = inner.readOptional(0xa0);
    if (choice == null) {
      throw new Krb5Exception("SPNEGO initial token is not a NegTokenInit");
    }
    inner.expectEnd("SPNEGO token");
    DerReader init = choice.read(DerReader.SEQUENCE);
    choice.expectEnd("NegTokenInit field");
    DerReader mechTypesField = init.field(0);
    DerReader mechTypes = mechTypesField.read(DerReader.SEQUENCE);
    mechTypesField.expectEnd("mechTypes");
    if (!mechTypes.hasMore()) {
      throw new Krb5Exception("SPNEGO NegTokenInit proposes no mechanism");
    }
    byte[] first = mechTypes.readOidContents();
    while (mechTypes.hasMore()) {
      mechTypes.readOidContents(); // the rest only has to be well formed
    }
    if (init.peekTag() == 0xa1) {
      init.field(1).read(DerReader.BIT_STRING); // reqFlags: informational (RFC 4178 4.2.1)
    }
    DerReader mechTokenField = init.optionalField(2);
    if (init.peekTag() == 0xa3) {
      throw new Krb5Exception("SPNEGO NegTokenInit carries a mechListMIC; no initiator sends one in its first token");
    }
    init.expectEnd("NegTokenInit");
    if (!isKerberos(first)) {
      return new NotKerberos("SPNEGO: the client's first mechanism is not Kerberos");
    }
    if (mechTokenField == null) {
      throw new Krb5Exception("SPNEGO NegTokenInit without an optimistic mechToken");
    }
    DerReader mechToken = mechTokenField.read(DerReader.OCTET_STRING);
    mechTokenField.expectEnd("mechToken");
    DerReader krb5 = mechToken.read(0x60);
    mechToken.expectEnd("SPNEGO mechToken");
    byte[] tokenOid = krb5.readOidContents();
    if (!isKerberos(tokenOid)) {
      throw new Krb5Exception("SPNEGO mechToken is not a Kerberos token although Kerberos was proposed first");
    }
    return new Krb5Request(Optional.of(first), tokenOid, parseKrb5Inner(krb5));
  }

  private static ApReq parseKrb5Inner(DerReader inner) throws Krb5Exception {
    int tokId = inner.readRawUint16();
    if (tokId != TOK_ID_AP_REQ) {
      throw new Krb5Exception("Kerberos token id 0x" + Integer.toHexString(tokId) + ", not an AP-REQ (0x0100)");
    }
    return ApReq.decode(inner);
  }

  static boolean isKerberos(byte[] oid) {
    return Arrays.equals(oid, KRB5_OID) || Arrays.equals(oid, MS_KRB5_OID);
  }

  /**
   * The reply for {@code request}: the AP-REP (empty when none) as a krb5 token with TOK_ID
   * {@code 02 00}, inside a SPNEGO NegTokenResp {accept-completed, supportedMech, responseToken}
   * when the client used SPNEGO. Raw krb5 without an AP-REP gets an empty reply.
   */
  public static byte[] reply(Krb5Request request, Optional<byte[]> apRep) {
    Optional<byte[]> krb5 = apRep.map(rep ->
        DerWriter.tlv(0x60, DerWriter.oid(request.tokenOid()), TOK_ID_AP_REP, rep));
    if (request.spnegoMech().isEmpty()) {
      return krb5.orElse(new byte[0]);
    }
    return DerWriter.tlv(DerWriter.context(1), DerWriter.tlv(DerReader.SEQUENCE,
        DerWriter.tlv(DerWriter.context(0), DerWriter.enumerated(ACCEPT_COMPLETED)),
        DerWriter.tlv(DerWriter.context(1), DerWriter.oid(request.spnegoMech().get())),
        krb5.map(token -> DerWriter.tlv(DerWriter.context(2), DerWriter.octetString(token))).orElse(new byte[0])));
  }
}
