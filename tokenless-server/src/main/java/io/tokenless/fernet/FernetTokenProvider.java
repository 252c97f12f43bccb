package io.tokenless.fernet;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Keystone's Fernet token provider: payload to msgpack to Fernet on issue; Fernet to msgpack to
 * payload plus the expiry check on validation.
 *
 * <p>Expiry follows Keystone's {@code _is_valid_token}: {@code expires_at} is compared at second
 * precision (Keystone renders it without microseconds before comparing) and a token is valid
 * while now is strictly before it. With {@code allowExpired} the limit moves by
 * {@code [token] allow_expired_window} (172800 s by default).
 */
public final class FernetTokenProvider implements TokenProvider {

  /** Keystone's default {@code [token] allow_expired_window}. */
  public static final Duration DEFAULT_ALLOW_EXPIRED_WINDOW = Duration.ofSeconds(172_800);

  /** Decoded tokens kept per node: about 1 KB each, so at most some 16 MB. */
  static final int DECODED_TOKENS_KEPT = 16_384;

  private final KeySource keys;
  private final FernetCodec fernet;
  private final DecodedTokens decoded = new DecodedTokens(DECODED_TOKENS_KEPT);
  private final PayloadCodec payloads;
  private final Clock clock;
  private final Duration allowExpiredWindow;

  public FernetTokenProvider(
      KeySource keys, PayloadCodec payloads, Clock clock, Duration allowExpiredWindow) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allowExpiredWindow = Objects.requireNonNull(allowExpiredWindow, "allowExpiredWindow");
    if (allowExpiredWindow.isNegative()) {
      throw new IllegalArgumentException("allow-expired window must not be negative");
    }
    this.fernet = new FernetCodec(keys, clock, new SecureRandom());
  }

  /** Keystone's defaults: default methods and domain, system clock, two-day window. */
  public FernetTokenProvider(KeySource keys) {
    this(keys, PayloadCodec.keystoneDefaults(), Clock.systemUTC(), DEFAULT_ALLOW_EXPIRED_WINDOW);
  }

  @Override
  public IssuedToken mint(TokenPayload payload) {
    long now = clock.instant().getEpochSecond();
    return new IssuedToken(fernet.encrypt(payloads.pack(payload), now), Instant.ofEpochSecond(now));
  }

  @Override
  public ValidatedToken validate(String token, boolean allowExpired)
      throws InvalidTokenException {
    ValidatedToken validated = decode(token);
    TokenPayload payload = validated.payload();
    Instant limit = payload.expiresAt().truncatedTo(ChronoUnit.SECONDS);
    if (allowExpired) {
      limit = limit.plus(allowExpiredWindow);
    }
    if (!clock.instant().isBefore(limit)) {
      throw new InvalidTokenException(InvalidTokenException.Reason.EXPIRED,
          "expired at " + KeystoneTime.render(payload.expiresAt())
              + (allowExpired ? " (allow-expired window passed too)" : ""));
    }
    return validated;
  }

  private ValidatedToken decode(String token) throws InvalidTokenException {
    FernetKeys keySet = keys.current();
    ValidatedToken known = decoded.get(token, keySet);
    if (known != null) {
      return known;
    }
    DecryptedToken decrypted = FernetCodec.decrypt(token, keySet);
    ValidatedToken fresh = new ValidatedToken(payloads.unpack(decrypted.plaintext()), decrypted.issuedAt());
    decoded.put(token, keySet, fresh);
    return fresh;
  }
}
