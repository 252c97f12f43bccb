package io.tokenless.auth.x509;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * OCSP checking of client certificates (the client certificate only, not its intermediates:
 * those are covered by the CRLs).
 *
 * @param responder          the responder to ask; empty to use the one named in each
 *                           certificate's Authority Information Access extension (a
 *                           certificate naming none is then not checked by OCSP)
 * @param timeout            how long to wait for a responder
 * @param maxCacheAge        how long an answer is reused at most; an answer's own
 *                           {@code nextUpdate} shortens it
 * @param failWhenUnavailable when {@code true}, a certificate whose status cannot be learned (no
 *                           answer, a bad or unsigned answer) is rejected; when {@code false} it
 *                           is accepted and a WARN is logged
 */
public record OcspConfig(Optional<URI> responder, Duration timeout, Duration maxCacheAge, boolean failWhenUnavailable) {
  public OcspConfig {
    Objects.requireNonNull(responder, "responder");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(maxCacheAge, "maxCacheAge");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("ocsp.timeout: must be positive, was " + timeout);
    }
    if (maxCacheAge.isNegative()) {
      throw new IllegalArgumentException("ocsp.maxCacheAge: must not be negative, was " + maxCacheAge);
    }
  }

  /** Responder from the certificate, 5 s timeout, answers reused up to an hour, soft failure. */
  public static OcspConfig defaults() {
    return new OcspConfig(Optional.empty(), Duration.ofSeconds(5), Duration.ofHours(1), false);
  }

  public OcspConfig withResponder(URI uri) {
    return new OcspConfig(Optional.of(uri), timeout, maxCacheAge, failWhenUnavailable);
  }

  public OcspConfig withFailWhenUnavailable(boolean fail) {
    return new OcspConfig(responder, timeout, maxCacheAge, fail);
  }
}
