package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenless.fernet.InvalidTokenException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final String USER = "dad035cfc5c5495d878f599201c7dbe4";
  private static final String PROJECT = "4f48f2c7516b4b53b1193f77cdbdcfe0";
  private static final Instant EXPIRES = Instant.parse("2036-11-19T21:32:51Z");
  private static final List<String> AUDIT = List.of("JJvUz3OnSdGOgkaTQeAjrg");
  private static final List<String> PASSWORD = List.of("password");

  private final PayloadCodec codec = PayloadCodec.keystoneDefaults();

  @Test
  void everyPayloadVersion_roundTrips() throws InvalidTokenException {
    List<TokenPayload> payloads = List.of(
        new TokenPayload.Unscoped(USER, PASSWORD, EXPIRES, AUDIT),
        new TokenPayload.DomainScoped(USER, PASSWORD, "default", EXPIRES, AUDIT),
        new TokenPayload.DomainScoped(USER, PASSWORD, PROJECT, EXPIRES, AUDIT),
        new TokenPayload.ProjectScoped(USER, List.of("token", "password"), PROJECT, EXPIRES,
            List.of("JJvUz3OnSdGOgkaTQeAjrg", "sKKZONU-SRatbhw0u9ivpQ")),
        new TokenPayload.TrustScoped(USER, PASSWORD, PROJECT, EXPIRES, AUDIT,
            "9ce7f3005b634373b7150cb1a1777e9b"),
        new TokenPayload.FederatedUnscoped("federated-user@idp", List.of("mapped"),
            List.of("0143a6aa56884a9f8ab966c0e314e4a2", "ldap-group"), "myidp", "saml2",
            EXPIRES, AUDIT),
        new TokenPayload.FederatedProjectScoped(USER, List.of("mapped", "token"), PROJECT,
            List.of("0143a6aa56884a9f8ab966c0e314e4a2"), "0143a6aa56884a9f8ab966c0e314e4a3",
            "openid", EXPIRES, AUDIT),
        new TokenPayload.FederatedDomainScoped(USER, List.of("mapped"), "default", List.of(),
            "myidp", "openid", EXPIRES, AUDIT),
        new TokenPayload.OauthScoped(USER, List.of("oauth1"), PROJECT,
            "0143a6aa56884a9f8ab966c0e314e4a2", EXPIRES, AUDIT),
        new TokenPayload.SystemScoped(USER, PASSWORD, "all", EXPIRES, AUDIT),
        new TokenPayload.ApplicationCredentialScoped(USER, List.of("application_credential"),
            PROJECT, EXPIRES, AUDIT, "c578467afe984a6c95688a449c09f412"));

    for (TokenPayload payload : payloads) {
      assertThat(codec.unpack(codec.pack(payload))).as("version %d", payload.version())
          .isEqualTo(payload);
    }
    assertThat(payloads).extracting(TokenPayload::version)
        .containsExactly(0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void keystonesAnnotatedPayload_isPackedByteForByte() {
    // FORMAT.md section 4.7: alice_project_demo.
    String expected = "9602" + "92c3c410dad035cfc5c5495d878f599201c7dbe4" + "02"
        + "92c3c4104f48f2c7516b4b53b1193f77cdbdcfe0" + "cb41df73d8a0c00000"
        + "91c410249bd4cf73a749d18e82469341e023ae";

    byte[] packed = codec.pack(new TokenPayload.ProjectScoped(USER, PASSWORD, PROJECT, EXPIRES,
        List.of("JJvUz3OnSdGOgkaTQeAjrg")));

    assertThat(HEX.formatHex(packed)).isEqualTo(expected);
  }

  @Test
  void nonUuidIds_arePackedAsFalseAndAString() throws InvalidTokenException {
    TokenPayload payload = new TokenPayload.Unscoped("ldap-user", PASSWORD, EXPIRES, AUDIT);

    String packed = HEX.formatHex(codec.pack(payload));

    // [false, "ldap-user"]: c2 then fixstr of 9 bytes.
    assertThat(packed).startsWith("950092c2a9" + HEX.formatHex("ldap-user".getBytes()));
    assertThat(codec.unpack(HEX.parseHex(packed))).isEqualTo(payload);
  }

  @Test
  void longStringIds_useStr8_likeMsgpackPython() {
    String longId = "x".repeat(40);

    String packed = HEX.formatHex(
        codec.pack(new TokenPayload.Unscoped(longId, PASSWORD, EXPIRES, AUDIT)));

    assertThat(packed).startsWith("950092c2d928");
  }

  @Test
  void idsPythonsUuidAccepts_arePackedAsBytes_andComeBackAsLowercaseHex()
      throws InvalidTokenException {
    // Answers of CPython 3.11's uuid.UUID(s).hex (None: it raises ValueError).
    Map<String, String> python = new LinkedHashMap<>();
    python.put("0x" + "a".repeat(30), "00" + "a".repeat(30));
    python.put("+" + "a".repeat(31), "0" + "a".repeat(31));
    python.put("-" + "0".repeat(31), null);
    python.put("a".repeat(16) + "_" + "b".repeat(15), "0" + "a".repeat(16) + "b".repeat(15));
    python.put(" " + "a".repeat(31), "0" + "a".repeat(31));
    python.put("A".repeat(32), "a".repeat(32));
    python.put("{" + "a".repeat(32) + "}", "a".repeat(32));
    python.put("urn:uuid:12345678-1234-5678-1234-567812345678", "12345678123456781234567812345678");
    python.put("a".repeat(31) + "_", null);
    python.put("0x_" + "a".repeat(29), "000" + "a".repeat(29));
    python.put("0X" + "F".repeat(30), "00" + "f".repeat(30));
    python.put("\u0663" + "a".repeat(31), "3" + "a".repeat(31));
    python.put("g".repeat(32), null);
    python.put("a".repeat(31), null);
    python.put("_" + "a".repeat(31), null);
    python.put("0_x" + "a".repeat(29), null);
    python.put("a".repeat(15) + "__" + "a".repeat(15), null);
    python.put("{{" + "a".repeat(32) + "}", "a".repeat(32));
    python.put("---" + "a".repeat(32), "a".repeat(32));
    python.put("default", null);

    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> c : python.entrySet()) {
      Optional<String> ours = KeystoneIds.uuidBytes(c.getKey()).map(KeystoneIds::hex);
      if (!ours.equals(Optional.ofNullable(c.getValue()))) {
        mismatches.add("'" + c.getKey() + "': python " + c.getValue() + ", ours " + ours);
      }
    }
    assertThat(mismatches).isEmpty();

    TokenPayload hyphenated = new TokenPayload.Unscoped(
        "DAD035CF-C5C5-495D-878F-599201C7DBE4", PASSWORD, EXPIRES, AUDIT);
    assertThat(codec.unpack(codec.pack(hyphenated)).userId()).isEqualTo(USER);
  }

  @Test
  void domainScopedToken_refusesANonUuidDomainOtherThanTheDefault() {
    TokenPayload payload = new TokenPayload.DomainScoped(USER, PASSWORD, "corp", EXPIRES, AUDIT);

    assertThatThrownBy(() -> codec.pack(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default domain");
    PayloadCodec corpDefault = new PayloadCodec(AuthMethods.keystoneDefaults(), "corp");
    assertThat(HEX.formatHex(corpDefault.pack(payload))).contains("a4" + HEX.formatHex("corp".getBytes()));
  }

  @Test
  void trustScopedToken_refusesANonUuidTrustId() {
    TokenPayload payload =
        new TokenPayload.TrustScoped(USER, PASSWORD, PROJECT, EXPIRES, AUDIT, "not-a-uuid");

    assertThatThrownBy(() -> codec.pack(payload)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void expiresAtWithMicroseconds_isTheFloatKeystoneWrites() throws InvalidTokenException {
    // (datetime(2023,11,14,22,13,20,123456) - epoch).total_seconds() in CPython.
    Instant expires = Instant.parse("2023-11-14T22:13:20.123456Z");
    Instant late = Instant.parse("2036-11-19T21:32:51.999999Z");

    assertThat(KeystoneTime.toFloat(expires)).isEqualTo(1700000000.123456);
    assertThat(hexOf(KeystoneTime.toFloat(expires))).isEqualTo("41d954fc4007e6b4");
    assertThat(hexOf(KeystoneTime.toFloat(late))).isEqualTo("41df73d8a0fffffc");
    assertThat(KeystoneTime.fromFloat(KeystoneTime.toFloat(late))).isEqualTo(late);
    TokenPayload payload = new TokenPayload.Unscoped(USER, PASSWORD, expires, AUDIT);
    assertThat(codec.unpack(codec.pack(payload)).expiresAt()).isEqualTo(expires);
    assertThat(KeystoneTime.render(late)).isEqualTo("2036-11-19T21:32:51.000000Z");
  }

  @Test
  void methodBitmask_followsKeystonesOrderAndQuirks() {
    AuthMethods methods = AuthMethods.keystoneDefaults();

    assertThat(methods.fromBitmask(0)).isEmpty();
    assertThat(methods.fromBitmask(2)).containsExactly("password");
    assertThat(methods.fromBitmask(6)).containsExactly("token", "password");
    assertThat(methods.fromBitmask(32)).containsExactly("application_credential");
    assertThat(methods.fromBitmask((1L << 32) + 4)).containsExactly("ec2credential", "token");
    assertThat(methods.fromBitmask(1L << 33)).containsExactly("oauth2_credential");
    // An unknown bit above the known ones makes every quotient 2 or more: Keystone finds nothing.
    assertThat(methods.fromBitmask(64 + 2)).isEmpty();
    assertThat(methods.toBitmask(List.of("password", "token"))).isEqualTo(6);
    assertThat(methods.toBitmask(List.of("password", "password"))).isEqualTo(2);
    assertThat(methods.toBitmask(List.of("kerberos"))).isZero();
    assertThat(methods.toBitmask(List.of("ec2credential"))).isEqualTo(1L << 32);
  }

  @Test
  void methodsGivenInAnyOrder_comeBackHighestBitFirst() throws InvalidTokenException {
    TokenPayload issued =
        new TokenPayload.Unscoped(USER, List.of("password", "token"), EXPIRES, AUDIT);

    assertThat(codec.unpack(codec.pack(issued)).methods()).containsExactly("token", "password");
  }

  @Test
  void pseudoMethodBits_arePackedAsUint64() {
    String packed = HEX.formatHex(codec.pack(
        new TokenPayload.Unscoped(USER, List.of("ec2credential"), EXPIRES, AUDIT)));

    assertThat(packed).contains("cf0000000100000000");
  }

  @Test
  void aDifferentMethodList_changesTheMeaningOfBits() throws InvalidTokenException {
    PayloadCodec other = new PayloadCodec(
        new AuthMethods(List.of("password", "token", "kerberos")), "default");
    byte[] packed = other.pack(new TokenPayload.Unscoped(USER, List.of("kerberos"), EXPIRES, AUDIT));

    assertThat(other.unpack(packed).methods()).containsExactly("kerberos");
    assertThat(codec.unpack(packed).methods()).containsExactly("token");
  }

  @Test
  void idBytesWrittenAsStr_byOldMsgpack_areRead() throws InvalidTokenException {
    // user id pair as [true, str8 of 16 raw bytes] instead of bin 8.
    String hex = "9500" + "92c3d910dad035cfc5c5495d878f599201c7dbe4" + "02" + "cb41df73d8a0c00000"
        + "91c410249bd4cf73a749d18e82469341e023ae";

    assertThat(codec.unpack(HEX.parseHex(hex)).userId()).isEqualTo(USER);
  }

  @Test
  void unknownPayloadVersion_isRejectedWithItsOwnReason() {
    String hex = "950a92c3c410dad035cfc5c5495d878f599201c7dbe402cb41df73d8a0c0000091c410249bd4cf73"
        + "a749d18e82469341e023ae";

    assertThat(reasonFor(hex)).isEqualTo(Reason.UNKNOWN_PAYLOAD_VERSION);
  }

  @Test
  void malformedPayloads_areRejectedAsBadPayload() {
    String good = "950092c3c410dad035cfc5c5495d878f599201c7dbe402cb41df73d8a0c0000091c410249bd4cf73"
        + "a749d18e82469341e023ae";
    List<String> accepted = new ArrayList<>();
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("trailing byte", good + "00");
    cases.put("missing element", "94" + good.substring(2, good.length() - 38));
    cases.put("not an array", "02");
    cases.put("empty array", "90");
    cases.put("empty input", "");
    cases.put("truncated", good.substring(0, 20));
    cases.put("uuid of 15 bytes", good.replace("c3c410dad035cfc5c5495d878f599201c7dbe4",
        "c3c40fdad035cfc5c5495d878f599201c7db"));
    cases.put("pair without boolean", good.replace("92c3c410", "9201c410"));
    cases.put("string expires_at", good.replace("cb41df73d8a0c00000", "a3616263"));
    cases.put("NaN expires_at", good.replace("cb41df73d8a0c00000", "cb7ff8000000000000"));
    cases.put("no audit ids", good.replace("91c410249bd4cf73a749d18e82469341e023ae", "90"));
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Reason reason = reasonFor(c.getValue());
      if (reason != Reason.BAD_PAYLOAD) {
        accepted.add(c.getKey() + " -> " + reason);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void integerExpiresAt_isReadLikeKeystone() throws InvalidTokenException {
    String hex = "950092c3c410dad035cfc5c5495d878f599201c7dbe402ce7dce6e0391c410249bd4cf73a749d18e"
        + "82469341e023ae";

    assertThat(codec.unpack(HEX.parseHex(hex)).expiresAt())
        .isEqualTo(Instant.ofEpochSecond(0x7dce6e03L));
  }

  @Test
  void recordsRefuseInvalidFields() {
    assertThatThrownBy(() -> new TokenPayload.Unscoped("", PASSWORD, EXPIRES, AUDIT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenPayload.Unscoped(USER, PASSWORD, EXPIRES, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenPayload.Unscoped(USER, PASSWORD, EXPIRES,
        List.of("JJvUz3OnSdGOgkaTQeAjrg=="))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenPayload.Unscoped(USER, PASSWORD, EXPIRES,
        List.of("a", "b", "c"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenPayload.Unscoped(USER, null, EXPIRES, AUDIT))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void scopeAccessors_nameTheScopeOfEveryVersion() {
    TokenPayload trust = new TokenPayload.TrustScoped(USER, PASSWORD, PROJECT, EXPIRES, AUDIT,
        "9ce7f3005b634373b7150cb1a1777e9b");
    TokenPayload domain = new TokenPayload.DomainScoped(USER, PASSWORD, "default", EXPIRES, AUDIT);
    TokenPayload system = new TokenPayload.SystemScoped(USER, PASSWORD, "all", EXPIRES, AUDIT);
    TokenPayload unscoped = new TokenPayload.FederatedUnscoped(USER, List.of("mapped"),
        List.of(), "idp", "saml2", EXPIRES, AUDIT);

    assertThat(trust.projectScope()).contains(PROJECT);
    assertThat(domain.domainScope()).contains("default");
    assertThat(domain.projectScope()).isEmpty();
    assertThat(system.systemScope()).contains("all");
    assertThat(unscoped.unscoped()).isTrue();
    assertThat(system.unscoped()).isFalse();
  }

  @Test
  void auditIdAccessors_nameThisTokenAndItsChain() {
    TokenPayload rescoped = new TokenPayload.ProjectScoped(USER, PASSWORD, PROJECT, EXPIRES,
        List.of("lkpzIasCRDiQzKLCGdlRSg", "sKKZONU-SRatbhw0u9ivpQ"));

    assertThat(rescoped.auditId()).isEqualTo("lkpzIasCRDiQzKLCGdlRSg");
    assertThat(rescoped.parentAuditId()).contains("sKKZONU-SRatbhw0u9ivpQ");
    assertThat(new TokenPayload.Unscoped(USER, PASSWORD, EXPIRES, AUDIT).parentAuditId()).isEmpty();
  }

  private Reason reasonFor(String hex) {
    InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
        () -> codec.unpack(HEX.parseHex(hex)));
    return e == null ? null : e.reason();
  }

  private static String hexOf(double value) {
    return HEX.formatHex(java.nio.ByteBuffer.allocate(8).putDouble(value).array());
  }
}
