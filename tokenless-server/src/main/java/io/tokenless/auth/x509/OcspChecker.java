package io.tokenless.auth.x509;

import io.tokenless.web.NonBlocking;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Asks an OCSP responder about a client certificate and remembers the answer until its
 * {@code nextUpdate} (at most {@link OcspConfig#maxCacheAge()}). An answer counts only when it
 * is signed by the certificate's issuer or by a responder certificate that issuer delegated
 * ({@code id-kp-OCSPSigning}), names the certificate asked about, and is current; anything
 * else is "unavailable", and failures are not cached. Blocking: call it from a worker thread.
 */
final class OcspChecker {
  /** What the responder said. */
  sealed interface Status {
    record Good() implements Status {}

    record Revoked(Instant at) implements Status {}

    record Unknown() implements Status {}

    record Unavailable(String why) implements Status {}

    /** The certificate names no responder and none is configured. */
    record NotChecked() implements Status {}
  }

  private record Cached(Status status, Instant expires) {}

  private record CacheKey(PublicKey issuerKey, BigInteger serial) {}

  /** Tolerated clock difference with the responder. */
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final String OCSP_SIGNING = KeyPurposeId.id_kp_OCSPSigning.getId();

  private final OcspConfig config;
  private final Clock clock;
  private final HttpClient http;
  private final Map<CacheKey, Cached> cache = new ConcurrentHashMap<>();

  OcspChecker(OcspConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  Status check(X509Certificate certificate, X509Certificate issuer) {
    Optional<URI> responder = config.responder().or(() -> responderOf(certificate));
    if (responder.isEmpty()) {
      return new Status.NotChecked();
    }
    Instant now = clock.instant();
    CacheKey key = new CacheKey(issuer.getPublicKey(), certificate.getSerialNumber());
    Cached cached = cache.get(key);
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.status();
    }
    NonBlocking.check("OCSP request");
    try {
      CertificateID id = new CertificateID(
          new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
          new JcaX509CertificateHolder(issuer), certificate.getSerialNumber());
      byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(responder.get())
          .timeout(config.timeout())
          .header("Content-Type", "application/ocsp-request")
          .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return new Status.Unavailable("responder " + responder.get() + " answered HTTP " + response.statusCode());
      }
      return interpret(new OCSPResp(response.body()), id, issuer, now, key, responder.get());
    } catch (IOException e) {
      return new Status.Unavailable("responder " + responder.get() + " unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status.Unavailable("interrupted while asking " + responder.get());
    } catch (OCSPException | OperatorCreationException | GeneralSecurityException | RuntimeException e) {
      return new Status.Unavailable("bad answer from " + responder.get() + ": " + e.getMessage());
    }
  }

  private Status interpret(OCSPResp response, CertificateID id, X509Certificate issuer, Instant now, CacheKey key,
      URI responder) throws OCSPException, OperatorCreationException, GeneralSecurityException {
    if (response.getStatus() != OCSPResp.SUCCESSFUL) {
      return new Status.Unavailable("responder " + responder + " answered status " + response.getStatus());
    }
    if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
      return new Status.Unavailable("responder " + responder + " sent no basic response");
    }
    if (!signedByIssuerOrDelegate(basic, issuer, now)) {
      return new Status.Unavailable("answer from " + responder + " is not signed by the issuer or its delegate");
    }
    for (SingleResp single : basic.getResponses()) {
      if (!single.getCertID().equals(id)) {
        continue;
      }
      Instant thisUpdate = single.getThisUpdate().toInstant();
      Instant nextUpdate = single.getNextUpdate() == null ? null : single.getNextUpdate().toInstant();
      if (thisUpdate.isAfter(now.plus(SKEW)) || (nextUpdate != null && nextUpdate.isBefore(now.minus(SKEW)))) {
        return new Status.Unavailable("answer from " + responder + " is not current (thisUpdate " + thisUpdate
            + ", nextUpdate " + nextUpdate + ")");
      }
      CertificateStatus status = single.getCertStatus();
      Status result = status == CertificateStatus.GOOD ? new Status.Good()
          : status instanceof RevokedStatus revoked ? new Status.Revoked(revoked.getRevocationTime().toInstant())
          : new Status.Unknown();
      Instant expires = now.plus(config.maxCacheAge());
      if (nextUpdate != null && nextUpdate.isBefore(expires)) {
        expires = nextUpdate;
      }
      cache.put(key, new Cached(result, expires));
      return result;
    }
    return new Status.Unavailable("answer from " + responder + " does not name serial "
        + CertificateAttributes.serial(id.getSerialNumber()));
  }

  private static boolean signedByIssuerOrDelegate(BasicOCSPResp basic, X509Certificate issuer, Instant now)
      throws OperatorCreationException, OCSPException, GeneralSecurityException {
    if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer.getPublicKey()))) {
      return true;
    }
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (X509CertificateHolder holder : basic.getCerts()) {
      X509Certificate delegate = converter.getCertificate(holder);
      if (!delegate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        continue;
      }
      List<String> usages = delegate.getExtendedKeyUsage();
      if (usages == null || !usages.contains(OCSP_SIGNING)) {
        continue;
      }
      try {
        delegate.verify(issuer.getPublicKey());
        delegate.checkValidity(java.util.Date.from(now));
      } catch (GeneralSecurityException e) {
        continue;
      }
      if (basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(delegate.getPublicKey()))) {
        return true;
      }
    }
    return false;
  }

  private static Optional<URI> responderOf(X509Certificate certificate) {
    try {
      AuthorityInformationAccess access =
          AuthorityInformationAccess.fromExtensions(new JcaX509CertificateHolder(certificate).getExtensions());
      if (access == null) {
        return Optional.empty();
      }
      for (AccessDescription description : access.getAccessDescriptions()) {
        if (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp)
            && description.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
          return Optional.of(URI.create(description.getAccessLocation().getName().toString()));
        }
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A malformed extension names no usable responder.
      return Optional.empty();
    }
    return Optional.empty();
  }

}
