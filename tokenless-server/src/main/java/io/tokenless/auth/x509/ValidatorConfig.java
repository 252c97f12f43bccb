package io.tokenless.auth.x509;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How client certificates are validated. Built once by the configuration loader; invalid values
 * fail here, before the server starts.
 *
 * @param trustAnchors       PEM bundles of the CAs whose certificates authenticate clients; at
 *                           least one file
 * @param intermediates      PEM bundles of intermediate CAs to complete chains clients send
 *                           incomplete; may be empty
 * @param requiredExtendedKeyUsage the extended key usage OID the client certificate must carry
 *                           (default {@code clientAuth}); empty to skip the check
 * @param extendedKeyUsageMandatory when {@code true} (default) a certificate without the extended
 *                           key usage extension is rejected. RFC 5280 reads a missing extension
 *                           as "any purpose" and mod_ssl accepts such certificates; set this to
 *                           {@code false} to do the same
 * @param checkKeyUsage      when {@code true} (default) a key usage extension, if present, must
 *                           allow {@code digitalSignature} (the client signs the handshake)
 * @param maxChainLength     the most certificates from the client certificate up to, not
 *                           counting, the trust anchor: 1 allows only certificates issued
 *                           directly by an anchor (mod_ssl's {@code SSLVerifyDepth}); default 4
 * @param crlFiles           PEM CRL files, re-read when they change; CAs without a CRL here are
 *                           not checked for revocation
 * @param failOnStaleCrl     when {@code true}, a CRL past its {@code nextUpdate} rejects every
 *                           certificate it covers (revocation status unknown); when
 *                           {@code false} (default) it still applies and a WARN is logged
 * @param cacheTtl           how long a validation result is reused for the same chain; results
 *                           are also dropped when anchors or CRLs reload and when a certificate's
 *                           validity ends. Default five minutes; zero disables the cache
 * @param cacheSize          the most cached results before the cache starts over; default 10000
 * @param reloadInterval     how often the files are checked for changes; default one second
 * @param ocsp               OCSP checking of the client certificate, off by default
 */
public record ValidatorConfig(List<Path> trustAnchors, List<Path> intermediates,
    Optional<String> requiredExtendedKeyUsage, boolean extendedKeyUsageMandatory, boolean checkKeyUsage,
    int maxChainLength, List<Path> crlFiles, boolean failOnStaleCrl, Duration cacheTtl, int cacheSize,
    Duration reloadInterval, Optional<OcspConfig> ocsp) {

  /** {@code clientAuth}. */
  public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  public ValidatorConfig {
    trustAnchors = List.copyOf(trustAnchors);
    intermediates = List.copyOf(intermediates);
    Objects.requireNonNull(requiredExtendedKeyUsage, "requiredExtendedKeyUsage");
    crlFiles = List.copyOf(crlFiles);
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    Objects.requireNonNull(ocsp, "ocsp");
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("trustAnchors: at least one CA bundle is required");
    }
    if (maxChainLength < 1) {
      throw new IllegalArgumentException("maxChainLength: must be at least 1, was " + maxChainLength);
    }
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl: must not be negative, was " + cacheTtl);
    }
    if (cacheSize < 0) {
      throw new IllegalArgumentException("cacheSize: must not be negative, was " + cacheSize);
    }
    if (reloadInterval.isNegative()) {
      throw new IllegalArgumentException("reloadInterval: must not be negative, was " + reloadInterval);
    }
  }

  /** The defaults listed above, trusting the CAs in {@code caBundle}. */
  public static ValidatorConfig trusting(Path caBundle) {
    return new ValidatorConfig(List.of(caBundle), List.of(), Optional.of(CLIENT_AUTH), true, true, 4, List.of(),
        false, Duration.ofMinutes(5), 10_000, Duration.ofSeconds(1), Optional.empty());
  }

  public ValidatorConfig withIntermediates(List<Path> files) {
    return new ValidatorConfig(trustAnchors, files, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, crlFiles, failOnStaleCrl, cacheTtl, cacheSize, reloadInterval, ocsp);
  }

  public ValidatorConfig withCrlFiles(List<Path> files) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, files, failOnStaleCrl, cacheTtl, cacheSize, reloadInterval, ocsp);
  }

  public ValidatorConfig withRequiredExtendedKeyUsage(Optional<String> oid, boolean mandatory) {
    return new ValidatorConfig(trustAnchors, intermediates, oid, mandatory,
        checkKeyUsage, maxChainLength, crlFiles, failOnStaleCrl, cacheTtl, cacheSize, reloadInterval, ocsp);
  }

  public ValidatorConfig withMaxChainLength(int length) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, length, crlFiles, failOnStaleCrl, cacheTtl, cacheSize, reloadInterval, ocsp);
  }

  public ValidatorConfig withFailOnStaleCrl(boolean fail) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, crlFiles, fail, cacheTtl, cacheSize, reloadInterval, ocsp);
  }

  public ValidatorConfig withCache(Duration ttl, int size) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, crlFiles, failOnStaleCrl, ttl, size, reloadInterval, ocsp);
  }

  public ValidatorConfig withReloadInterval(Duration interval) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, crlFiles, failOnStaleCrl, cacheTtl, cacheSize, interval, ocsp);
  }

  public ValidatorConfig withOcsp(Optional<OcspConfig> settings) {
    return new ValidatorConfig(trustAnchors, intermediates, requiredExtendedKeyUsage, extendedKeyUsageMandatory,
        checkKeyUsage, maxChainLength, crlFiles, failOnStaleCrl, cacheTtl, cacheSize, reloadInterval, settings);
  }
}
