package io.tokenless.auth.kerberos.krb5;

import static io.tokenless.auth.kerberos.krb5.DerWriter.context;
import static io.tokenless.auth.kerberos.krb5.DerWriter.integer;
import static io.tokenless.auth.kerberos.krb5.DerWriter.octetString;
import static io.tokenless.auth.kerberos.krb5.DerWriter.oid;
import static io.tokenless.auth.kerberos.krb5.DerWriter.tlv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Routing by token content: what the fast path takes, what goes to JGSS, what is refused. */
class GssFramingTest {
  private static final byte[] NTLM_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
  private static final int SEQUENCE = 0x30;

  private static byte[] string(String value) {
    return tlv(0x1b, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] encryptedData(int etype) {
    return tlv(SEQUENCE, tlv(context(0), integer(etype)), tlv(context(1), integer(2)),
        tlv(context(2), octetString(new byte[40])));
  }

  /** A syntactically complete AP-REQ (its ciphertexts are zeros). */
  private static byte[] apReq(int options) {
    byte[] sname = tlv(SEQUENCE, tlv(context(0), integer(2)), tlv(context(1), tlv(SEQUENCE, string("HTTP"), string("h"))));
    byte[] ticket = tlv(0x61, tlv(SEQUENCE, tlv(context(0), integer(5)), tlv(context(1), string("EXAMPLE.COM")),
        tlv(context(2), sname), tlv(context(3), encryptedData(18))));
    return tlv(0x6e, tlv(SEQUENCE, tlv(context(0), integer(5)), tlv(context(1), integer(14)),
        tlv(context(2), new byte[] {0x03, 0x05, 0x00, (byte) (options >>> 24), 0, 0, 0}),
        tlv(context(3), ticket), tlv(context(4), encryptedData(18))));
  }

  private static byte[] krb5Token(byte[] mechOid) {
    return tlv(0x60, oid(mechOid), new byte[] {0x01, 0x00}, apReq(0x20 << 24));
  }

  private static byte[] spnego(byte[][] mechs, byte[] mechToken, byte[] mic) {
    byte[] types = new byte[0];
    for (byte[] mech : mechs) {
      types = concat(types, oid(mech));
    }
    byte[] fields = concat(tlv(context(0), tlv(SEQUENCE, types)), mechToken == null ? new byte[0] : tlv(context(2), octetString(mechToken)));
    if (mic != null) {
      fields = concat(fields, tlv(context(3), octetString(mic)));
    }
    return tlv(0x60, oid(GssFraming.SPNEGO_OID), tlv(context(0), tlv(SEQUENCE, fields)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void rawKrb5Token_underEitherKerberosOid_isForTheFastPath() throws Exception {
    for (byte[] mech : new byte[][] {GssFraming.KRB5_OID, GssFraming.MS_KRB5_OID}) {
      GssFraming.Framing framing = GssFraming.parse(krb5Token(mech));

      assertThat(framing).isInstanceOfSatisfying(GssFraming.Krb5Request.class, request -> {
        assertThat(request.spnegoMech()).isEmpty();
        assertThat(request.tokenOid()).isEqualTo(mech);
        assertThat(request.apReq().mutualRequired()).isTrue();
        assertThat(request.apReq().ticket().serviceName()).isEqualTo("HTTP/h@EXAMPLE.COM");
      });
    }
  }

  @Test
  void spnegoWithKerberosFirst_isForTheFastPath_andTheReplyNamesTheClientsFirstMech() throws Exception {
    byte[][] windowsOrder = {GssFraming.MS_KRB5_OID, GssFraming.KRB5_OID, NTLM_OID};
    GssFraming.Framing framing = GssFraming.parse(spnego(windowsOrder, krb5Token(GssFraming.KRB5_OID), null));

    assertThat(framing).isInstanceOf(GssFraming.Krb5Request.class);
    GssFraming.Krb5Request request = (GssFraming.Krb5Request) framing;
    byte[] reply = GssFraming.reply(request, Optional.of(new byte[] {0x6f, 0x00}));
    DerReader resp = DerReader.of(reply).read(context(1)).read(SEQUENCE);
    assertThat(resp.field(0).readEnumerated()).as("accept-completed").isZero();
    assertThat(resp.field(1).readOidContents()).isEqualTo(GssFraming.MS_KRB5_OID);
    DerReader krb5 = DerReader.of(resp.field(2).readOctetString()).read(0x60);
    assertThat(krb5.readOidContents()).isEqualTo(GssFraming.KRB5_OID);
    assertThat(krb5.readRawUint16()).as("TOK_ID of an AP-REP").isEqualTo(0x0200);
    assertThat(resp.hasMore()).as("no mechListMIC").isFalse();
  }

  @Test
  void spnegoWithAnotherMechFirst_isNotForTheFastPath() throws Exception {
    byte[][] ntlmFirst = {NTLM_OID, GssFraming.KRB5_OID};

    assertThat(GssFraming.parse(spnego(ntlmFirst, krb5Token(GssFraming.KRB5_OID), null)))
        .isInstanceOf(GssFraming.NotKerberos.class);
    assertThat(GssFraming.parse(tlv(0x60, oid(NTLM_OID), new byte[] {1, 2})))
        .isInstanceOf(GssFraming.NotKerberos.class);
  }

  @Test
  void spnegoWithAMechListMic_orWithoutAMechToken_orWithAForeignMechToken_isRefused() {
    byte[][] krb5 = {GssFraming.KRB5_OID};

    assertThatThrownBy(() -> GssFraming.parse(spnego(krb5, krb5Token(GssFraming.KRB5_OID), new byte[16])))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("mechListMIC");
    assertThatThrownBy(() -> GssFraming.parse(spnego(krb5, null, null)))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("mechToken");
    assertThatThrownBy(() -> GssFraming.parse(spnego(krb5, tlv(0x60, oid(NTLM_OID), new byte[2]), null)))
        .isInstanceOf(Krb5Exception.class);
  }

  @Test
  void rawTokenWithoutMutualAuth_getsAnEmptyReply_spnegoGetsAcceptCompletedWithoutAToken() throws Exception {
    GssFraming.Krb5Request raw = (GssFraming.Krb5Request) GssFraming.parse(krb5Token(GssFraming.KRB5_OID));
    GssFraming.Krb5Request negotiated = (GssFraming.Krb5Request) GssFraming.parse(
        spnego(new byte[][] {GssFraming.KRB5_OID}, krb5Token(GssFraming.KRB5_OID), null));

    assertThat(GssFraming.reply(raw, Optional.empty())).isEmpty();
    DerReader resp = DerReader.of(GssFraming.reply(negotiated, Optional.empty())).read(context(1)).read(SEQUENCE);
    assertThat(resp.field(0).readEnumerated()).isZero();
    assertThat(resp.field(1).readOidContents()).isEqualTo(GssFraming.KRB5_OID);
    assertThat(resp.hasMore()).isFalse();
  }

  @Test
  void trailingBytes_andAnotherTokenId_areRefused() {
    byte[] token = krb5Token(GssFraming.KRB5_OID);
    byte[] trailing = concat(token, new byte[] {0});
    byte[] apRepId = token.clone();
    int header = token[1] < 0 ? 2 + (token[1] & 0x7f) : 2;
    apRepId[header + 11] = 0x02; // TOK_ID right after the 11-byte OID TLV

    assertThatThrownBy(() -> GssFraming.parse(trailing)).isInstanceOf(Krb5Exception.class);
    assertThatThrownBy(() -> GssFraming.parse(apRepId)).isInstanceOf(Krb5Exception.class).hasMessageContaining("token id");
  }
}
