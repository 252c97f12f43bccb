package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.fernet.KeystoneVectors.VectorToken;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Keystone 22 tokens against our Fernet and payload codecs. Each test walks every vector,
 * collects every mismatch with its file name and fails once with the whole list.
 */
class FernetVectorsTest {

  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tempDir;

  private FernetKeys keys;
  private final PayloadCodec payloads = PayloadCodec.keystoneDefaults();

  @BeforeEach
  void loadKeys() {
    keys = KeystoneVectors.keys(tempDir);
  }

  @Test
  void everyKeystoneToken_decodesToWhatKeystoneReported() {
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    for (VectorToken vector : KeystoneVectors.tokens()) {
      if (!vector.decryptable()) {
        continue;
      }
      checked++;
      Check check = new Check(vector.file(), mismatches);
      DecryptedToken decrypted;
      TokenPayload payload;
      try {
        decrypted = FernetCodec.decrypt(vector.token(), keys);
        payload = payloads.unpack(decrypted.plaintext());
      } catch (InvalidTokenException e) {
        mismatches.add(vector.file() + ": rejected (" + e.reason() + ": " + e.detail() + ")");
        continue;
      }
      JsonNode fernet = vector.json().get("fernet");
      check.equal("key file", vector.json().get("decrypts_with_key_file").asText(),
          Integer.toString(decrypted.keyNumber()));
      check.equal("plaintext", vector.msgpackHex(), HEX.formatHex(decrypted.plaintext()));
      check.equal("fernet timestamp", Instant.ofEpochSecond(fernet.get("timestamp").asLong()),
          decrypted.issuedAt());

      JsonNode fields = vector.fields();
      check.equal("payload version", fields.get("payload_version").asInt(), payload.version());
      check.equal("methods_int", fields.get("methods_int").asLong(),
          payloads.methods().toBitmask(payload.methods()));
      check.equal("expires_at float", fields.get("expires_at_float").asDouble(),
          KeystoneTime.toFloat(payload.expiresAt()));

      // What Keystone itself answered to GET /v3/auth/tokens right after issue.
      JsonNode body = vector.keystoneBody();
      check.equal("X-Subject-Token", vector.token(),
          vector.json().at("/validate_at_issue/headers/X-Subject-Token").asText());
      check.equal("user.id", body.at("/user/id").asText(), payload.userId());
      check.equal("methods", strings(body.get("methods")), payload.methods());
      check.equal("audit_ids", strings(body.get("audit_ids")), payload.auditIds());
      check.equal("expires_at", body.get("expires_at").asText(),
          KeystoneTime.render(payload.expiresAt()));
      check.equal("issued_at", body.get("issued_at").asText(),
          KeystoneTime.render(decrypted.issuedAt()));
      check.equal("project.id", text(body.at("/project/id")), projectOf(payload));
      check.equal("domain.id", text(body.at("/domain/id")), domainOf(payload));
      check.equal("system.all", body.at("/system/all").asBoolean(false),
          payload instanceof TokenPayload.SystemScoped s && s.system().equals("all"));
      check.equal("OS-TRUST:trust.id", text(body.at("/OS-TRUST:trust/id")),
          payload instanceof TokenPayload.TrustScoped t ? t.trustId() : null);
      check.equal("application_credential.id", text(body.at("/application_credential/id")),
          payload instanceof TokenPayload.ApplicationCredentialScoped a
              ? a.applicationCredentialId() : null);
    }
    assertThat(checked).as("decryptable vectors").isEqualTo(14);
    assertThat(mismatches).as("mismatches with Keystone").isEmpty();
  }

  @Test
  void repackingEachDecodedPayload_givesKeystonesExactBytes() throws InvalidTokenException {
    List<String> mismatches = new ArrayList<>();
    for (VectorToken vector : decryptable()) {
      byte[] original = HEX.parseHex(vector.msgpackHex());
      String repacked = HEX.formatHex(payloads.pack(payloads.unpack(original)));
      if (!repacked.equals(vector.msgpackHex())) {
        mismatches.add(vector.file() + ": expected " + vector.msgpackHex() + " got " + repacked);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void payloadsBuiltFromKeystonesFields_packToKeystonesExactBytes() {
    List<String> mismatches = new ArrayList<>();
    for (VectorToken vector : decryptable()) {
      String packed = HEX.formatHex(payloads.pack(fromFields(vector.fields())));
      if (!packed.equals(vector.msgpackHex())) {
        mismatches.add(vector.file() + ": expected " + vector.msgpackHex() + " got " + packed);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void encryptingKeystonesPlaintext_withItsKeyTimestampAndIv_givesTheExactToken() {
    List<String> mismatches = new ArrayList<>();
    for (VectorToken vector : decryptable()) {
      int keyNumber = vector.json().get("decrypts_with_key_file").asInt();
      FernetKey key = keys.decryptionOrder().stream()
          .filter(k -> k.number() == keyNumber).findFirst().orElseThrow().key();
      JsonNode fernet = vector.json().get("fernet");
      String token = FernetCodec.encrypt(key, HEX.parseHex(vector.msgpackHex()),
          fernet.get("timestamp").asLong(), HEX.parseHex(fernet.get("iv_hex").asText()));
      if (!token.equals(vector.token())) {
        mismatches.add(vector.file() + ": expected " + vector.token() + " got " + token);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void decodedPayloads_reissuedWithANewKey_decodeToEqualPayloads() throws Exception {
    KeyRepository fresh = new KeyRepository(tempDir.resolve("fresh"));
    FernetKeys freshKeys = fresh.setup();
    FernetCodec codec = new FernetCodec(KeySource.fixed(freshKeys),
        java.time.Clock.systemUTC(), new SecureRandom());
    List<String> mismatches = new ArrayList<>();
    for (VectorToken vector : decryptable()) {
      TokenPayload payload = payloads.unpack(HEX.parseHex(vector.msgpackHex()));
      String reissued = codec.encrypt(payloads.pack(payload));
      TokenPayload decoded = payloads.unpack(codec.decrypt(reissued).plaintext());
      if (!decoded.equals(payload)) {
        mismatches.add(vector.file() + ": " + payload + " came back as " + decoded);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void tokenEncryptedWithTheStagedKey_decrypts() throws InvalidTokenException {
    DecryptedToken decrypted =
        FernetCodec.decrypt(KeystoneVectors.token("14-").token(), keys);

    assertThat(decrypted.keyNumber()).isZero();
    assertThat(keys.roleOf(0)).isEqualTo(FernetKeys.Role.STAGED);
  }

  @Test
  void tokensFromBeforeTheRotation_decryptWithTheNowSecondaryKey() throws InvalidTokenException {
    DecryptedToken decrypted = FernetCodec.decrypt(KeystoneVectors.token("01-").token(), keys);

    assertThat(decrypted.keyNumber()).isEqualTo(1);
    assertThat(keys.roleOf(1)).isEqualTo(FernetKeys.Role.SECONDARY);
    assertThat(keys.primary().number()).isEqualTo(2);
  }

  @Test
  void tokensFromBeforeTheRotation_decryptWithThePreviousRepository() throws InvalidTokenException {
    FernetKeys before = new KeyRepository(
        KeystoneVectors.copyRepository("keys-before-rotation", tempDir.resolve("before"))).load();

    assertThat(before.primary().number()).isEqualTo(1);
    assertThat(FernetCodec.decrypt(KeystoneVectors.token("03-").token(), before).keyNumber())
        .isEqualTo(1);
    // Key 0 of the old repository was promoted to 2: it opens the after-rotation tokens.
    assertThat(FernetCodec.decrypt(KeystoneVectors.token("07-").token(), before).keyNumber())
        .isZero();
  }

  @Test
  void foreignKeyAndTamperedVectors_areRejected() {
    List<String> mismatches = new ArrayList<>();
    for (VectorToken vector : KeystoneVectors.tokens()) {
      if (vector.decryptable()) {
        continue;
      }
      assertThat(vector.json().at("/validate_final/status").asInt()).isEqualTo(404);
      try {
        FernetCodec.decrypt(vector.token(), keys);
        mismatches.add(vector.file() + ": accepted");
      } catch (InvalidTokenException e) {
        if (e.reason() != InvalidTokenException.Reason.NO_MATCHING_KEY) {
          mismatches.add(vector.file() + ": rejected for " + e.reason());
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static List<VectorToken> decryptable() {
    return KeystoneVectors.tokens().stream().filter(VectorToken::decryptable).toList();
  }

  /** Builds the payload from Keystone's interpreted fields, not from the msgpack. */
  private static TokenPayload fromFields(JsonNode f) {
    String user = f.get("user_id").asText();
    List<String> methods = strings(f.get("methods"));
    Instant expires = Instant.parse(f.get("expires_at").asText());
    List<String> audit = strings(f.get("audit_ids"));
    return switch (f.get("payload_class").asText()) {
      case "UnscopedPayload" -> new TokenPayload.Unscoped(user, methods, expires, audit);
      case "DomainScopedPayload" -> new TokenPayload.DomainScoped(
          user, methods, f.get("domain_id").asText(), expires, audit);
      case "ProjectScopedPayload" -> new TokenPayload.ProjectScoped(
          user, methods, f.get("project_id").asText(), expires, audit);
      case "TrustScopedPayload" -> new TokenPayload.TrustScoped(
          user, methods, f.get("project_id").asText(), expires, audit, f.get("trust_id").asText());
      case "SystemScopedPayload" -> new TokenPayload.SystemScoped(
          user, methods, f.get("system").asText(), expires, audit);
      case "ApplicationCredentialScopedPayload" -> new TokenPayload.ApplicationCredentialScoped(
          user, methods, f.get("project_id").asText(), expires, audit,
          f.get("app_cred_id").asText());
      default -> throw new AssertionError("payload class " + f.get("payload_class"));
    };
  }

  private static String projectOf(TokenPayload payload) {
    if (payload instanceof TokenPayload.ProjectScoped p) {
      return p.projectId();
    } else if (payload instanceof TokenPayload.TrustScoped p) {
      return p.projectId();
    } else if (payload instanceof TokenPayload.ApplicationCredentialScoped p) {
      return p.projectId();
    }
    return null;
  }

  private static String domainOf(TokenPayload payload) {
    return payload instanceof TokenPayload.DomainScoped d ? d.domainId() : null;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** Collects mismatches for one vector file. */
  private record Check(String file, List<String> mismatches) {
    void equal(String what, Object keystone, Object ours) {
      if (!Objects.equals(keystone, ours)) {
        mismatches.add(file + ": " + what + ": Keystone " + keystone + ", ours " + ours);
      }
    }
  }
}
