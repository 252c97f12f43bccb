package io.tokenless.auth.x509;

import io.tokenless.pki.FileWatch;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a client certificate chain authenticates a client, and says why not.
 *
 * <p>Order of checks, so the reason given is the most useful one: a path is built from the
 * client certificate through the intermediates the client sent and the configured ones to a
 * trust anchor (none: {@link RejectReason#SELF_SIGNED} for a lone self-signed certificate,
 * {@link RejectReason#UNTRUSTED_ISSUER} otherwise); its length ({@link RejectReason#CHAIN_TOO_LONG});
 * the validity period of each certificate ({@link RejectReason#EXPIRED},
 * {@link RejectReason#NOT_YET_VALID}); then the JDK's PKIX validator, with revocation checking
 * off, for everything else RFC 5280 requires (CA flags, path length constraints, critical
 * extensions, algorithm constraints); then the client certificate's extended key usage and key
 * usage ({@link RejectReason#WRONG_USAGE}); last the CRLs of every certificate of the path
 * ({@link RejectReason#REVOKED}, {@link RejectReason#REVOCATION_UNKNOWN}), and, when configured,
 * the client certificate's OCSP status. Revocation is checked
 * here rather than by the PKIX revocation checker because its errors do not say which CRL or
 * certificate failed, and because a CRL that cannot be reloaded must keep its last good version.
 *
 * <p>Results are cached per presented chain (keyed by the SHA-256 of its certificates) until the
 * cache TTL passes, a certificate's validity boundary is reached, or the trust anchors,
 * intermediates or CRLs change on disk — files are checked for changes at most once per
 * {@link ValidatorConfig#reloadInterval()}. Thread-safe; construction fails with an
 * {@link IllegalArgumentException} naming the setting when a file cannot be read.
 */
public final class ClientCertificateValidator {
  private static final Logger log = LoggerFactory.getLogger(ClientCertificateValidator.class);
  private static final HexFormat HEX = HexFormat.of();

  /** Everything loaded from files, swapped as a whole on reload. */
  private record Material(List<X509Certificate> anchors, List<X509Certificate> intermediates, CrlSet crls,
      long generation) {}

  private record CacheEntry(ValidationResult result, Instant expires, long generation) {}

  private final ValidatorConfig config;
  private final Clock clock;
  private final FileWatch certificateFiles;
  private final FileWatch crlFiles;
  private final Map<String, CacheEntry> cache = new ConcurrentHashMap<>();
  private final Optional<OcspChecker> ocsp;
  private volatile Material material;

  public ClientCertificateValidator(ValidatorConfig config) {
    this(config, Clock.systemUTC());
  }

  /** As {@link #ClientCertificateValidator(ValidatorConfig)}, judging validity periods by {@code clock}. */
  public ClientCertificateValidator(ValidatorConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.certificateFiles = new FileWatch(
        Stream.concat(config.trustAnchors().stream(), config.intermediates().stream()).toList(),
        config.reloadInterval());
    this.crlFiles = new FileWatch(config.crlFiles(), config.reloadInterval());
    this.ocsp = config.ocsp().map(settings -> new OcspChecker(settings, clock));
    List<X509Certificate> anchors = readAll("trustAnchors", config.trustAnchors());
    List<X509Certificate> intermediates = readAll("intermediates", config.intermediates());
    this.material = new Material(anchors, intermediates,
        CrlSet.load(config.crlFiles(), Optional.empty(), union(anchors, intermediates)), 0);
  }

  /** The CA certificates clients are told they may present certificates from (the trust anchors). */
  public List<X509Certificate> trustAnchors() {
    reloadIfChanged();
    return material.anchors();
  }

  /**
   * Validates {@code presented}: the client certificate first, then whatever intermediates the
   * client sent, in any order. Never throws for a bad certificate.
   */
  public ValidationResult validate(List<X509Certificate> presented) {
    if (presented.isEmpty()) {
      return new ValidationResult.Rejected(RejectReason.INVALID, "no certificate presented");
    }
    reloadIfChanged();
    Material current = material;
    Instant now = clock.instant();
    String key = fingerprint(presented);
    CacheEntry cached = cache.get(key);
    if (cached != null && cached.generation() == current.generation() && now.isBefore(cached.expires())) {
      return cached.result();
    }
    ValidationResult result = check(presented, current, now);
    // "Status unknown" may be a responder's passing outage: ask again next time instead of caching it.
    boolean passing = result instanceof ValidationResult.Rejected rejected
        && rejected.reason() == RejectReason.REVOCATION_UNKNOWN;
    if (!passing && !config.cacheTtl().isZero() && config.cacheSize() > 0) {
      if (cache.size() >= config.cacheSize()) {
        // Starting over is cheaper than tracking recency, and a full cache means churn anyway.
        cache.clear();
      }
      cache.put(key, new CacheEntry(result, expiry(presented.get(0), now), current.generation()));
    }
    return result;
  }

  private ValidationResult check(List<X509Certificate> presented, Material current, Instant now) {
    X509Certificate leaf = presented.get(0);
    String subject = CertificateAttributes.dn(leaf.getSubjectX500Principal());
    String who = subject + " serial " + CertificateAttributes.serial(leaf.getSerialNumber());

    List<X509Certificate> pool = new ArrayList<>(presented.subList(1, presented.size()));
    pool.addAll(current.intermediates());
    List<X509Certificate> path = new ArrayList<>(List.of(leaf));
    X509Certificate anchor = null;
    X509Certificate last = leaf;
    while (path.size() <= config.maxChainLength() + 4) {
      anchor = issuerAmong(last, current.anchors(), List.of());
      if (anchor != null) {
        break;
      }
      X509Certificate next = issuerAmong(last, pool, path);
      if (next == null) {
        break;
      }
      path.add(next);
      last = next;
    }
    if (anchor == null) {
      if (path.size() == 1 && isSelfSigned(leaf)) {
        return rejected(RejectReason.SELF_SIGNED, who + ": self-signed and not a trust anchor");
      }
      if (path.size() > config.maxChainLength()) {
        return rejected(RejectReason.CHAIN_TOO_LONG, who + ": no trust anchor within "
            + config.maxChainLength() + " certificates");
      }
      return rejected(RejectReason.UNTRUSTED_ISSUER, who + ": issuer "
          + last.getIssuerX500Principal().getName() + " is not a trust anchor"
          + (isSelfSigned(last) && last != leaf ? " (chain ends at an untrusted root)" : ""));
    }
    if (path.size() > config.maxChainLength()) {
      return rejected(RejectReason.CHAIN_TOO_LONG, who + ": path of " + path.size()
          + " certificates, at most " + config.maxChainLength() + " allowed");
    }
    for (int i = 0; i < path.size(); i++) {
      Optional<ValidationResult.Rejected> period = validityPeriod(path.get(i), i == 0, now);
      if (period.isPresent()) {
        return period.get();
      }
    }
    Optional<ValidationResult.Rejected> pkix = pkix(path, anchor, now, who);
    if (pkix.isPresent()) {
      return pkix.get();
    }
    Optional<ValidationResult.Rejected> usage = usage(leaf, who);
    if (usage.isPresent()) {
      return usage.get();
    }
    for (int i = 0; i < path.size(); i++) {
      X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
      Optional<ValidationResult.Rejected> revoked =
          current.crls().check(path.get(i), issuer, i == 0, now, config.failOnStaleCrl());
      if (revoked.isPresent()) {
        return revoked.get();
      }
    }
    if (ocsp.isPresent()) {
      Optional<ValidationResult.Rejected> ocspRejection =
          ocsp(leaf, path.size() > 1 ? path.get(1) : anchor, who, config.ocsp().get());
      if (ocspRejection.isPresent()) {
        return ocspRejection.get();
      }
    }
    List<X509Certificate> full = new ArrayList<>(path);
    if (!full.contains(anchor)) {
      full.add(anchor);
    }
    Map<String, String> attributes = new java.util.LinkedHashMap<>(CertificateAttributes.of(leaf));
    // As mod_ssl reports a client certificate that passed verification.
    attributes.put("SSL_CLIENT_VERIFY", "SUCCESS");
    return new ValidationResult.Valid(subject, attributes, full);
  }

  private Optional<ValidationResult.Rejected> ocsp(X509Certificate leaf, X509Certificate issuer, String who,
      OcspConfig settings) {
    OcspChecker.Status status = ocsp.get().check(leaf, issuer);
    if (status instanceof OcspChecker.Status.Revoked revoked) {
      return Optional.of(rejected(RejectReason.REVOKED, who + " revoked at " + revoked.at() + " (OCSP)"));
    }
    if (status instanceof OcspChecker.Status.Unknown) {
      return Optional.of(rejected(RejectReason.REVOCATION_UNKNOWN, who + ": OCSP responder does not know it"));
    }
    if (status instanceof OcspChecker.Status.Unavailable unavailable) {
      if (settings.failWhenUnavailable()) {
        return Optional.of(rejected(RejectReason.REVOCATION_UNKNOWN, who + ": " + unavailable.why()));
      }
      log.warn("OCSP status of {} unavailable, accepted without it: {}", who, unavailable.why());
    }
    return Optional.empty();
  }

  /** The certificate among {@code candidates} (not in {@code exclude}) whose key signed {@code child}. */
  private static X509Certificate issuerAmong(X509Certificate child, List<X509Certificate> candidates,
      List<X509Certificate> exclude) {
    X500Principal issuerName = child.getIssuerX500Principal();
    for (X509Certificate candidate : candidates) {
      if (candidate.getSubjectX500Principal().equals(issuerName) && !exclude.contains(candidate)
          && signedBy(child, candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static Optional<ValidationResult.Rejected> validityPeriod(X509Certificate certificate, boolean leaf,
      Instant now) {
    String who = (leaf ? "client certificate " : "issuing CA certificate ")
        + certificate.getSubjectX500Principal().getName();
    if (now.isAfter(certificate.getNotAfter().toInstant())) {
      return Optional.of(rejected(RejectReason.EXPIRED, who + " expired at " + certificate.getNotAfter().toInstant()));
    }
    if (now.isBefore(certificate.getNotBefore().toInstant())) {
      return Optional.of(rejected(RejectReason.NOT_YET_VALID,
          who + " not valid before " + certificate.getNotBefore().toInstant()));
    }
    return Optional.empty();
  }

  private static Optional<ValidationResult.Rejected> pkix(List<X509Certificate> path, X509Certificate anchor,
      Instant now, String who) {
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
      parameters.setRevocationEnabled(false);
      parameters.setDate(java.util.Date.from(now));
      List<X509Certificate> withoutAnchor = path.stream().filter(c -> !c.equals(anchor)).toList();
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(withoutAnchor), parameters);
      return Optional.empty();
    } catch (CertPathValidatorException e) {
      RejectReason reason;
      if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
        reason = RejectReason.EXPIRED;
      } else if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        reason = RejectReason.NOT_YET_VALID;
      } else if (e.getReason() == PKIXReason.PATH_TOO_LONG) {
        reason = RejectReason.CHAIN_TOO_LONG;
      } else if (e.getReason() == PKIXReason.NOT_CA_CERT || e.getReason() == PKIXReason.INVALID_KEY_USAGE
          || e.getReason() == PKIXReason.NO_TRUST_ANCHOR
          || e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
        reason = RejectReason.UNTRUSTED_ISSUER;
      } else {
        reason = RejectReason.INVALID;
      }
      return Optional.of(rejected(reason, who + ": PKIX validation failed at certificate " + e.getIndex()
          + " (" + e.getReason() + "): " + e.getMessage()));
    } catch (GeneralSecurityException e) {
      return Optional.of(rejected(RejectReason.INVALID, who + ": cannot validate: " + e.getMessage()));
    }
  }

  private Optional<ValidationResult.Rejected> usage(X509Certificate leaf, String who) {
    if (config.requiredExtendedKeyUsage().isPresent()) {
      String required = config.requiredExtendedKeyUsage().get();
      List<String> usages;
      try {
        usages = leaf.getExtendedKeyUsage();
      } catch (CertificateParsingException e) {
        return Optional.of(rejected(RejectReason.INVALID, who + ": malformed extended key usage: " + e.getMessage()));
      }
      if (usages == null && config.extendedKeyUsageMandatory()) {
        return Optional.of(rejected(RejectReason.WRONG_USAGE,
            who + ": no extended key usage extension, " + required + " required"));
      }
      if (usages != null && !usages.contains(required)) {
        return Optional.of(rejected(RejectReason.WRONG_USAGE,
            who + ": extended key usage " + usages + " lacks " + required));
      }
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (config.checkKeyUsage() && keyUsage != null && (keyUsage.length == 0 || !keyUsage[0])) {
      return Optional.of(rejected(RejectReason.WRONG_USAGE, who + ": key usage lacks digitalSignature"));
    }
    return Optional.empty();
  }

  /** When a cached result for a chain led by {@code leaf} must be recomputed at the latest. */
  private Instant expiry(X509Certificate leaf, Instant now) {
    Instant expires = now.plus(config.cacheTtl());
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (notAfter.isBefore(expires)) {
      expires = notAfter.plusMillis(1);
    }
    Instant notBefore = leaf.getNotBefore().toInstant();
    if (notBefore.isAfter(now) && notBefore.isBefore(expires)) {
      expires = notBefore;
    }
    return expires;
  }

  private void reloadIfChanged() {
    boolean certificatesChanged = certificateFiles.changed();
    boolean crlsChanged = crlFiles.changed();
    if (!certificatesChanged && !crlsChanged) {
      return;
    }
    synchronized (this) {
      Material old = material;
      List<X509Certificate> anchors = old.anchors();
      List<X509Certificate> intermediates = old.intermediates();
      if (certificatesChanged) {
        try {
          anchors = readAll("trustAnchors", config.trustAnchors());
          intermediates = readAll("intermediates", config.intermediates());
          log.info("reloaded client CA certificates: {} trust anchors, {} intermediates", anchors.size(),
              intermediates.size());
        } catch (IllegalArgumentException e) {
          log.warn("client CA certificates could not be reloaded ({}); keeping the previous ones", e.getMessage());
          anchors = old.anchors();
          intermediates = old.intermediates();
        }
      }
      CrlSet crls = CrlSet.load(config.crlFiles(), Optional.of(old.crls()), union(anchors, intermediates));
      material = new Material(anchors, intermediates, crls, old.generation() + 1);
      cache.clear();
      log.debug("client certificate validation material reloaded, generation {}", old.generation() + 1);
    }
  }

  private static List<X509Certificate> readAll(String setting, List<Path> files) {
    List<X509Certificate> result = new ArrayList<>();
    for (Path file : files) {
      try {
        result.addAll(Pem.readCertificates(file));
      } catch (IOException e) {
        throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
      }
    }
    return List.copyOf(result);
  }

  private static List<X509Certificate> union(List<X509Certificate> a, List<X509Certificate> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static boolean signedBy(X509Certificate child, X509Certificate issuer) {
    try {
      child.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean isSelfSigned(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
        && signedBy(certificate, certificate);
  }

  private static ValidationResult.Rejected rejected(RejectReason reason, String detail) {
    return new ValidationResult.Rejected(reason, detail);
  }

  private static String fingerprint(List<X509Certificate> chain) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (X509Certificate certificate : chain) {
        digest.update(certificate.getEncoded());
      }
      return HEX.formatHex(digest.digest());
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate chain", e);
    }
  }
}
