package io.tokenless.auth.kerberos.krb5;

import java.util.Arrays;
import java.util.Optional;

/**
 * Unwraps a client's initial GSS token down to its Kerberos AP-REQ, and wraps the reply.
 *
 * <p>Accepted framings: a raw Kerberos token (RFC 2743 3.1 {@code [APPLICATION 0] { mech OID,
 * inner }}, with the krb5 inner token of RFC 4121 4.1: TOK_ID {@code 01 00} then the AP-REQ),
 * and SPNEGO (RFC 4178) NegTokenInit whose first proposed mechanism is Kerberos and whose
 * optimistic mechToken is that Kerberos token. Kerberos is any of the OIDs the JDK's
 * {@code GSSUtil.isKerberosMech} knows: {@code 1.2.840.113554.1.2.2}, Microsoft's alias
 * {@code 1.2.840.48018.1.2.2} and the pre-RFC {@code 1.3.5.1.5.2}.
 *
 * <p>Routing is by what the token carries, not by what it proposes: a token whose inner token is
 * a Kerberos AP-REQ (a Kerberos OID, or TOK_ID {@code 01 00} and an AP-REQ under any OID) is a
 * {@link Krb5Request}, or a {@link Krb5Exception} when its framing is not one accepted here.
 * Only a token that carries no AP-REQ at all is {@link NotKerberos}, for the general acceptor.
 * This is what keeps an authenticator from being accepted once here and once by JGSS: JGSS takes
 * the optimistic token of any SPNEGO proposal whose first entry it counts as Kerberos, so a
 * decision by the proposal list alone would hand it a re-wrapped copy of a token accepted here.
 *
 * <p>Why the first mechanism must be Kerberos: RFC 4178 5 makes the mechListMIC exchange
 * optional only when the mechanism selected is the initiator's first choice; then a single round
 * trip without a MIC is complete, as the JDK and MIT acceptors do it. An AP-REQ as the optimistic
 * token of another first choice is malformed SPNEGO and refused. A mechListMIC in the initial
 * token is refused too: no initiator sends one there, and it would need the full negotiation.
 */
public final class GssFraming {
  static final byte[] SPNEGO_OID = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
  static final byte[] KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
  static final byte[] MS_KRB5_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x82, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
  /** 1.3.5.1.5.2, the JDK's {@code GSS_KRB5_MECH_OID2}: an early krb5 mechanism OID some initiators sent. */
  static final byte[] OLD_KRB5_OID = {0x2b, 0x05, 0x01, 0x05, 0x02};
  private static final int TOK_ID_AP_REQ = 0x0100;
  /** TOK_ID {@code 01 00} followed by the AP-REQ's {@code [APPLICATION 14]} tag. */
  private static final byte[] AP_REQ_START = {0x01, 0x00, 0x6e};
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

  /** A well-formed token that carries no Kerberos AP-REQ (another mechanism's), with why. */
  public record NotKerberos(String reason) implements Framing {}

  /**
   * Parses an initial context token.
   *
   * @throws Krb5Exception when it is malformed, or carries an AP-REQ in a framing not accepted here
   */
  public static Framing parse(byte[] token) throws Krb5Exception {
    DerReader reader = DerReader.of(token);
    DerReader initial = reader.read(0x60);
    reader.expectEnd("GSS token");
    byte[] mech = initial.readOidContents();
    if (Arrays.equals(mech, SPNEGO_OID)) {
      return parseSpnego(initial);
    }
    Optional<ApReq> apReq = kerberosInner(mech, initial);
    if (apReq.isEmpty()) {
      return new NotKerberos("GSS mechanism " + oidForLog(mech) + " is neither SPNEGO nor Kerberos");
    }
    return new Krb5Request(Optional.empty(), mech, apReq.get());
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
    Optional<Krb5Request> request = Optional.empty();
    if (mechTokenField != null) {
      DerReader mechToken = mechTokenField.read(DerReader.OCTET_STRING);
      mechTokenField.expectEnd("mechToken");
      request = spnegoMechToken(first, mechToken);
    }
    if (request.isPresent()) {
      if (!isKerberos(first)) {
        throw new Krb5Exception("SPNEGO: the optimistic token is a Kerberos AP-REQ but the client's first mechanism is "
            + oidForLog(first) + ", not Kerberos");
      }
      return request.get();
    }
    if (isKerberos(first)) {
      throw new Krb5Exception(mechTokenField == null
          ? "SPNEGO NegTokenInit without an optimistic mechToken"
          : "SPNEGO mechToken is not a Kerberos token although Kerberos was proposed first");
    }
    return new NotKerberos("SPNEGO: the client's first mechanism is " + oidForLog(first)
        + ", not Kerberos, and its token carries no AP-REQ");
  }

  /** The request when the optimistic token is a GSS-framed Kerberos AP-REQ; empty for another mechanism's token. */
  private static Optional<Krb5Request> spnegoMechToken(byte[] first, DerReader mechToken) throws Krb5Exception {
    if (mechToken.peekTag() != 0x60) {
      return Optional.empty(); // not GSS-framed (NTLMSSP, for one); JGSS reads only framed tokens
    }
    DerReader framed = mechToken.read(0x60);
    mechToken.expectEnd("SPNEGO mechToken");
    byte[] tokenOid = framed.readOidContents();
    return kerberosInner(tokenOid, framed).map(apReq -> new Krb5Request(Optional.of(first), tokenOid, apReq));
  }

  /**
   * The AP-REQ of a GSS inner token that is Kerberos, by its OID or by its content; empty for
   * another mechanism's token.
   *
   * @throws Krb5Exception when a Kerberos OID does not frame an AP-REQ, or an AP-REQ comes
   *                       under an OID that is not Kerberos
   */
  private static Optional<ApReq> kerberosInner(byte[] oid, DerReader inner) throws Krb5Exception {
    if (isKerberos(oid)) {
      return Optional.of(parseKrb5Inner(inner));
    }
    if (inner.startsWith(AP_REQ_START)) {
      throw new Krb5Exception("a Kerberos AP-REQ under mechanism " + oidForLog(oid) + ", which is not Kerberos");
    }
    return Optional.empty();
  }

  private static ApReq parseKrb5Inner(DerReader inner) throws Krb5Exception {
    int tokId = inner.readRawUint16();
    if (tokId != TOK_ID_AP_REQ) {
      throw new Krb5Exception("Kerberos token id 0x" + Integer.toHexString(tokId) + ", not an AP-REQ (0x0100)");
    }
    return ApReq.decode(inner);
  }

  /** Whether {@code oid} (DER contents) is one of the three Kerberos mechanism OIDs. */
  static boolean isKerberos(byte[] oid) {
    return Arrays.equals(oid, KRB5_OID) || Arrays.equals(oid, MS_KRB5_OID) || Arrays.equals(oid, OLD_KRB5_OID);
  }

  /**
   * An OID from a token in dotted form for a log reason: digits and dots only, whatever the
   * bytes; a long or malformed one is described by its length.
   */
  static String oidForLog(byte[] contents) {
    if (contents.length == 0 || contents.length > 32 || (contents[contents.length - 1] & 0x80) != 0) {
      return "(an OID of " + contents.length + " bytes that is not printed)";
    }
    StringBuilder dotted = new StringBuilder();
    long arc = 0;
    for (byte b : contents) {
      if (arc > (Long.MAX_VALUE >> 7)) {
        return "(an OID with an arc too large to print)";
      }
      arc = (arc << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        if (dotted.length() == 0) {
          long top = Math.min(arc / 40, 2); // the first subidentifier packs two arcs (X.690 8.19.4)
          dotted.append(top).append('.').append(arc - 40 * top);
        } else {
          dotted.append('.').append(arc);
        }
        arc = 0;
      }
    }
    return dotted.toString();
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
