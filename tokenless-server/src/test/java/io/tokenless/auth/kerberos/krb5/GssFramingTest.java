package io.tokenless.auth.kerberos.krb5;

import static io.tokenless.auth.kerberos.krb5.DerWriter.context;
import static io.tokenless.auth.kerberos.krb5.DerWriter.oid;
import static io.tokenless.auth.kerberos.krb5.DerWriter.tlv;
import static io.tokenless.auth.kerberos.krb5.TestTokens.NTLM_OID;
import static io.tokenless.auth.kerberos.krb5.TestTokens.SEQUENCE;
import static io.tokenless.auth.kerberos.krb5.TestTokens.apReq;
import static io.tokenless.auth.kerberos.krb5.TestTokens.concat;
import static io.tokenless.auth.kerberos.krb5.TestTokens.gssToken;
import static io.tokenless.auth.kerberos.krb5.TestTokens.krb5Token;
import static io.tokenless.auth.kerberos.krb5.TestTokens.spnego;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Routing by token content: what the fast path takes, what goes to JGSS, what is refused. */
class GssFramingTest {
  private static final byte[] NTLMSSP = "NTLMSSP\0\1\0\0\0".getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void rawKrb5Token_underEachKerberosOid_isForTheFastPath() throws Exception {
    for (byte[] mech : new byte[][] {GssFraming.KRB5_OID, GssFraming.MS_KRB5_OID, GssFraming.OLD_KRB5_OID}) {
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
  void spnegoWithTheOldKrb5OidFirst_isForTheFastPath_asTheJdkCountsItAsKerberos() throws Exception {
    byte[][] oldFirst = {GssFraming.OLD_KRB5_OID, GssFraming.KRB5_OID};

    GssFraming.Framing framing = GssFraming.parse(spnego(oldFirst, krb5Token(GssFraming.KRB5_OID), null));

    assertThat(framing).isInstanceOfSatisfying(GssFraming.Krb5Request.class,
        request -> assertThat(request.spnegoMech()).contains(GssFraming.OLD_KRB5_OID));
  }

  @Test
  void tokensWithoutAnApReq_areNotForTheFastPath() throws Exception {
    byte[][] ntlmFirst = {NTLM_OID, GssFraming.KRB5_OID};

    assertThat(GssFraming.parse(spnego(ntlmFirst, NTLMSSP, null))).isInstanceOf(GssFraming.NotKerberos.class);
    assertThat(GssFraming.parse(spnego(ntlmFirst, null, null))).isInstanceOf(GssFraming.NotKerberos.class);
    assertThat(GssFraming.parse(spnego(ntlmFirst, tlv(0x60, oid(NTLM_OID), new byte[] {1, 2}), null)))
        .isInstanceOf(GssFraming.NotKerberos.class);
    assertThat(GssFraming.parse(tlv(0x60, oid(NTLM_OID), new byte[] {1, 2})))
        .isInstanceOfSatisfying(GssFraming.NotKerberos.class,
            other -> assertThat(other.reason()).contains("1.3.6.1.4.1.311.2.2.10"));
  }

  @Test
  void anApReqIsDecidedHere_whateverTheProposalList_neverHandedOn() {
    byte[][] ntlmFirst = {NTLM_OID, GssFraming.KRB5_OID};
    byte[] apReqUnderNtlmOid = gssToken(NTLM_OID, apReq(0));

    assertThatThrownBy(() -> GssFraming.parse(spnego(ntlmFirst, krb5Token(GssFraming.KRB5_OID), null)))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("first mechanism is 1.3.6.1.4.1.311.2.2.10");
    assertThatThrownBy(() -> GssFraming.parse(spnego(ntlmFirst, apReqUnderNtlmOid, null)))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("not Kerberos");
    assertThatThrownBy(() -> GssFraming.parse(spnego(new byte[][] {GssFraming.KRB5_OID}, apReqUnderNtlmOid, null)))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("not Kerberos");
    assertThatThrownBy(() -> GssFraming.parse(apReqUnderNtlmOid))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("not Kerberos");
  }

  @Test
  void oidsInLogReasons_areDottedDigits_orNotPrintedAtAll() {
    assertThat(GssFraming.oidForLog(GssFraming.KRB5_OID)).isEqualTo("1.2.840.113554.1.2.2");
    assertThat(GssFraming.oidForLog(GssFraming.OLD_KRB5_OID)).isEqualTo("1.3.5.1.5.2");
    assertThat(GssFraming.oidForLog(new byte[] {(byte) 0x88, 0x37, 0x03})).isEqualTo("2.999.3");
    assertThat(GssFraming.oidForLog(new byte[] {0x2a, (byte) 0x86})).startsWith("(an OID of 2 bytes");
    assertThat(GssFraming.oidForLog(new byte[40])).startsWith("(an OID of 40 bytes");
    byte[] hugeArc = new byte[12];
    java.util.Arrays.fill(hugeArc, (byte) 0xff);
    hugeArc[11] = 0x01;
    assertThat(GssFraming.oidForLog(hugeArc)).contains("too large");
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
