package io.tokenless.auth.x509;

import io.tokenless.pki.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRLs of the configured files, one per file, immutable once loaded. Reloading makes a new
 * set; a file that cannot be read or whose CRL does not verify keeps the CRL it had before (the
 * last good one), because an attacker or a half-finished copy must not switch revocation off.
 */
final class CrlSet {
  private static final Logger log = LoggerFactory.getLogger(CrlSet.class);

  /** One loaded CRL; signature checks against issuers are remembered, the stale WARN is logged once. */
  private record Entry(Path file, X509CRL crl, Map<PublicKey, Boolean> verifiedBy, AtomicBoolean warned) {
    Entry(Path file, X509CRL crl) {
      this(file, crl, new ConcurrentHashMap<>(), new AtomicBoolean());
    }

    boolean signedBy(X509Certificate issuer) {
      return verifiedBy.computeIfAbsent(issuer.getPublicKey(), key -> verify(crl, key));
    }
  }

  private final Map<Path, Entry> entries;

  private CrlSet(Map<Path, Entry> entries) {
    this.entries = entries;
  }

  static CrlSet empty() {
    return new CrlSet(Map.of());
  }

  /**
   * Loads {@code files}. With no {@code previous} set (start-up) an unreadable file is an
   * error; on reload it keeps the previous CRL of that file and logs a WARN. A CRL whose issuer
   * is one of {@code knownCas} must verify with that CA's key.
   */
  static CrlSet load(List<Path> files, Optional<CrlSet> previous, Collection<X509Certificate> knownCas) {
    Map<Path, Entry> loaded = new LinkedHashMap<>();
    for (Path file : files) {
      try {
        X509CRL crl = Pem.readCrl(file);
        checkSignature(crl, knownCas);
        Entry old = previous.map(p -> p.entries.get(file)).orElse(null);
        // An unchanged CRL keeps its memo of verified signatures and of the stale warning.
        loaded.put(file, old != null && old.crl().equals(crl) ? old : new Entry(file, crl));
      } catch (IOException | GeneralSecurityException e) {
        if (previous.isEmpty()) {
          throw new IllegalArgumentException("crlFiles: " + file + ": " + e.getMessage(), e);
        }
        Entry last = previous.get().entries.get(file);
        log.warn("CRL {} could not be loaded ({}); {}", file, e.getMessage(),
            last == null ? "no earlier CRL from it to keep" : "keeping the last good CRL of "
                + last.crl().getThisUpdate().toInstant());
        if (last != null) {
          loaded.put(file, last);
        }
      }
    }
    return new CrlSet(Map.copyOf(loaded));
  }

  /**
   * Checks {@code certificate}, issued by {@code issuer}, against the CRLs of that issuer.
   * Returns the rejection, or empty when no CRL lists it (or none covers its issuer).
   */
  Optional<ValidationResult.Rejected> check(X509Certificate certificate, X509Certificate issuer, boolean leaf,
      Instant now, boolean failOnStale) {
    for (Entry entry : entries.values()) {
      if (!entry.crl().getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
        continue;
      }
      if (!entry.signedBy(issuer)) {
        if (entry.warned().compareAndSet(false, true)) {
          log.warn("CRL {} names issuer {} but is not signed by its key; ignored", entry.file(),
              issuer.getSubjectX500Principal().getName());
        }
        continue;
      }
      String who = (leaf ? "client certificate " : "issuing CA certificate ")
          + certificate.getSubjectX500Principal().getName() + " serial "
          + CertificateAttributes.serial(certificate.getSerialNumber());
      var revoked = entry.crl().getRevokedCertificate(certificate);
      if (revoked != null) {
        return Optional.of(new ValidationResult.Rejected(RejectReason.REVOKED,
            who + " revoked at " + revoked.getRevocationDate().toInstant() + " (CRL " + entry.file() + ")"));
      }
      if (entry.crl().getNextUpdate() != null && entry.crl().getNextUpdate().toInstant().isBefore(now)) {
        if (failOnStale) {
          return Optional.of(new ValidationResult.Rejected(RejectReason.REVOCATION_UNKNOWN,
              who + ": CRL " + entry.file() + " expired at " + entry.crl().getNextUpdate().toInstant()));
        }
        if (entry.warned().compareAndSet(false, true)) {
          log.warn("CRL {} is past its nextUpdate {}; still applied, publish a fresh one", entry.file(),
              entry.crl().getNextUpdate().toInstant());
        }
      }
    }
    return Optional.empty();
  }

  private static void checkSignature(X509CRL crl, Collection<X509Certificate> knownCas)
      throws GeneralSecurityException {
    for (X509Certificate ca : knownCas) {
      if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()) && verify(crl, ca.getPublicKey())) {
        return;
      }
    }
    boolean issuerKnown = knownCas.stream()
        .anyMatch(ca -> ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal()));
    if (issuerKnown) {
      throw new GeneralSecurityException("CRL of " + crl.getIssuerX500Principal().getName()
          + " is not signed by that CA");
    }
    // The issuer is an intermediate only clients present: verified when it is first used.
  }

  private static boolean verify(X509CRL crl, PublicKey key) {
    try {
      crl.verify(key);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
