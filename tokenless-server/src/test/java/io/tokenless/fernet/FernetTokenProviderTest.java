package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenless.fernet.InvalidTokenException.Reason;
import io.tokenless.keystone.auth.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FernetTokenProviderTest {

  /** When Keystone answered validate_final: the expiring application credential had expired. */
  private static final Instant FINAL_VALIDATION = Instant.parse("2026-11-22T21:34:28Z");
  private static final String USER = "dad035cfc5c5495d878f599201c7dbe4";
  private static final List<String> AUDIT = List.of("JJvUz3OnSdGOgkaTQeAjrg");

  @TempDir Path tempDir;

  @Test
  void keystoneTokens_validateAsKeystoneAnsweredAtTheEnd() throws InvalidTokenException {
    TokenProvider provider = providerAt(FINAL_VALIDATION);

    assertThat(provider.validate(KeystoneVectors.token("03-").token()).issuedAt())
        .isEqualTo(Instant.parse("2026-11-22T21:32:51Z"));
    assertThat(provider.validate(KeystoneVectors.token("14-").token()).payload().userId())
        .isEqualTo(USER);
    assertThat(reasonFor(provider, KeystoneVectors.token("12-").token(), false))
        .isEqualTo(Reason.EXPIRED);
    assertThat(reasonFor(provider, KeystoneVectors.token("15-").token(), false))
        .isEqualTo(Reason.NO_MATCHING_KEY);
    assertThat(reasonFor(provider, KeystoneVectors.token("16-").token(), false))
        .isEqualTo(Reason.NO_MATCHING_KEY);
  }

  @Test
  void expiredToken_isAcceptedWithAllowExpired_withinTheWindowOnly() throws InvalidTokenException {
    String expired = KeystoneVectors.token("12-").token();
    Instant expiry = Instant.parse("2026-11-22T21:34:26Z");

    assertThat(providerAt(FINAL_VALIDATION).validate(expired, true).payload().version())
        .isEqualTo(9);
    assertThat(providerAt(expiry.plusSeconds(172_799)).validate(expired, true)).isNotNull();
    assertThat(reasonFor(providerAt(expiry.plusSeconds(172_800)), expired, true))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void tokenIsValidUntilTheSecondOfItsExpiry_comparedAtSecondPrecision()
      throws InvalidTokenException {
    // Keystone renders expires_at without microseconds before comparing: 12:00:00.7 counts as
    // 12:00:00, so the token is already expired at 12:00:00.2.
    Instant expires = Instant.parse("2030-01-01T12:00:00.700000Z");
    String token = providerAt(Instant.parse("2030-01-01T11:00:00Z"))
        .issue(new TokenPayload.Unscoped(USER, List.of("password"), expires, AUDIT));

    assertThat(providerAt(Instant.parse("2030-01-01T11:59:59.999Z")).validate(token)).isNotNull();
    assertThat(reasonFor(providerAt(Instant.parse("2030-01-01T12:00:00Z")), token, false))
        .isEqualTo(Reason.EXPIRED);
    assertThat(reasonFor(providerAt(Instant.parse("2030-01-01T12:00:00.200Z")), token, false))
        .isEqualTo(Reason.EXPIRED);
  }

  @Test
  void issuedToken_validatesToTheSamePayload_issuedAtTheClockSecond()
      throws InvalidTokenException {
    Instant now = Instant.parse("2030-01-01T11:00:00.750Z");
    TokenProvider provider = providerAt(now);
    TokenPayload payload = new TokenPayload.SystemScoped(USER, List.of("password"), "all",
        now.plus(Duration.ofHours(1)), AUDIT);

    IssuedToken issued = provider.mint(payload);
    ValidatedToken validated = provider.validate(issued.token());

    assertThat(validated.payload()).isEqualTo(payload);
    assertThat(validated.issuedAt()).isEqualTo(Instant.parse("2030-01-01T11:00:00Z"));
    assertThat(issued.issuedAt()).isEqualTo(validated.issuedAt());
    assertThat(issued.toString()).doesNotContain(issued.token());
  }

  @Test
  void issuedTokens_carryFreshAuditIdsAndIvs() throws InvalidTokenException {
    TokenProvider provider = providerAt(FINAL_VALIDATION);
    TokenPayload payload = new TokenPayload.Unscoped(USER, List.of("password"),
        FINAL_VALIDATION.plusSeconds(3600),
        List.of(AuditIds.random(new java.security.SecureRandom())));

    String first = provider.issue(payload);
    String second = provider.issue(payload);

    assertThat(first).isNotEqualTo(second);
    assertThat(payload.auditId()).hasSize(22);
    assertThat(provider.validate(second).payload()).isEqualTo(payload);
  }

  @Test
  void tokenValidatedBefore_isRejectedOnceItsKeyHasLeftTheRepository() throws InvalidTokenException {
    FernetKeys withKey = KeystoneVectors.keys(tempDir.resolve("with"));
    AtomicReference<FernetKeys> current = new AtomicReference<>(withKey);
    FernetTokenProvider provider = new FernetTokenProvider(current::get, PayloadCodec.keystoneDefaults(),
        Clock.fixed(FINAL_VALIDATION, ZoneOffset.UTC), FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW);
    String token = KeystoneVectors.token("14-").token();
    assertThat(provider.validate(token).payload().userId()).isEqualTo(USER);

    current.set(FernetKeys.of(Map.of(0, FernetKey.generate(new SecureRandom()))));

    assertThat(reasonFor(provider, token, false)).isEqualTo(Reason.NO_MATCHING_KEY);
    current.set(withKey);
    assertThat(provider.validate(token).payload().userId()).isEqualTo(USER);
  }

  @Test
  void tokenValidatedBefore_expiresOnTime() throws InvalidTokenException {
    Instant expires = Instant.parse("2030-01-01T12:00:00Z");
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T11:00:00Z"));
    FernetTokenProvider provider = new FernetTokenProvider(
        KeySource.fixed(KeystoneVectors.keys(tempDir.resolve("keys"))), PayloadCodec.keystoneDefaults(), clock,
        Duration.ofMinutes(5));
    String token = provider.issue(new TokenPayload.Unscoped(USER, List.of("password"), expires, AUDIT));
    assertThat(provider.validate(token).payload().userId()).isEqualTo(USER);

    clock.set(expires);

    assertThat(reasonFor(provider, token, false)).isEqualTo(Reason.EXPIRED);
    assertThat(provider.validate(token, true).payload().userId()).isEqualTo(USER);
    clock.set(expires.plus(Duration.ofMinutes(5)));
    assertThat(reasonFor(provider, token, true)).isEqualTo(Reason.EXPIRED);
  }

  @Test
  void tokenValidatedAgain_isNotDecryptedAgain() throws InvalidTokenException {
    TokenProvider provider = providerAt(FINAL_VALIDATION);
    String token = KeystoneVectors.token("14-").token();

    ValidatedToken first = provider.validate(token);

    assertThat(provider.validate(token)).isSameAs(first);
  }

  @Test
  void decodedTokensKept_stayWithinTheirBound_keepingThoseInUse() {
    DecodedTokens decoded = new DecodedTokens(10);
    FernetKeys keys = FernetKeys.of(Map.of(0, FernetKey.generate(new SecureRandom())));
    ValidatedToken token = new ValidatedToken(
        new TokenPayload.Unscoped(USER, List.of("password"), FINAL_VALIDATION, AUDIT), FINAL_VALIDATION);
    decoded.put("in-use", keys, token);

    for (int i = 0; i < 1_000; i++) {
      decoded.put("token-" + i, keys, token);
      assertThat(decoded.get("in-use", keys)).isSameAs(token);
      assertThat(decoded.size()).isLessThanOrEqualTo(10);
    }

    assertThat(decoded.get("token-0", keys)).isNull();
    assertThat(decoded.get("token-999", keys)).isSameAs(token);
    assertThat(decoded.get("token-999", FernetKeys.of(Map.of(0, FernetKey.generate(new SecureRandom()))))).isNull();
  }

  private FernetTokenProvider providerAt(Instant now) {
    FernetKeys keys = KeystoneVectors.keys(tempDir.resolve(Long.toString(System.nanoTime())));
    return new FernetTokenProvider(KeySource.fixed(keys), PayloadCodec.keystoneDefaults(),
        Clock.fixed(now, ZoneOffset.UTC), FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW);
  }

  private static Reason reasonFor(TokenProvider provider, String token, boolean allowExpired) {
    InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class,
        () -> provider.validate(token, allowExpired));
    return e == null ? null : e.reason();
  }
}
