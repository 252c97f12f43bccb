package io.tokenless.pki;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * OCSP answers for one {@link CertificateAuthority}, signed by the CA itself and valid for an
 * hour: revoked serials are {@code revoked}, every other serial {@code good} (the CA does not
 * record what {@link CertificateAuthority#builder} makes, so it cannot tell unknown serials
 * apart), certificates of other issuers {@code unknown}. Serve {@link #answer} over HTTP POST
 * ({@code application/ocsp-request} in, {@code application/ocsp-response} out).
 */
public final class OcspResponder {
  private static final Duration VALIDITY = Duration.ofHours(1);

  private final CertificateAuthority authority;

  public OcspResponder(CertificateAuthority authority) {
    this.authority = authority;
  }

  /** The DER response to a DER request; never throws, answering {@code malformedRequest} to garbage. */
  public byte[] answer(byte[] request) {
    try {
      OCSPReq parsed = new OCSPReq(request);
      DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
      X509CertificateHolder self = new JcaX509CertificateHolder(authority.certificate());
      BasicOCSPRespBuilder builder =
          new JcaBasicOCSPRespBuilder(authority.certificate().getPublicKey(), digests.get(RespID.HASH_SHA1));
      Instant now = Instant.now();
      for (Req single : parsed.getRequestList()) {
        CertificateID id = single.getCertID();
        builder.addResponse(id, status(id, self, digests), Date.from(now), Date.from(now.plus(VALIDITY)), null);
      }
      BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder(
          KeyType.signatureAlgorithm(authority.certificate().getPublicKey())).build(authority.signer().privateKey()),
          new X509CertificateHolder[] {self}, Date.from(now));
      return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
    } catch (IOException | OCSPException | OperatorCreationException | GeneralSecurityException | RuntimeException e) {
      try {
        return new OCSPRespBuilder().build(OCSPRespBuilder.MALFORMED_REQUEST, null).getEncoded();
      } catch (IOException | OCSPException inner) {
        throw new IllegalStateException("cannot encode an OCSP error response", inner);
      }
    }
  }

  private CertificateStatus status(CertificateID id, X509CertificateHolder self, DigestCalculatorProvider digests)
      throws OCSPException {
    if (!id.matchesIssuer(self, digests)) {
      return new UnknownStatus();
    }
    for (CertificateAuthority.IndexEntry entry : authority.index()) {
      if (entry.serial().equals(id.getSerialNumber()) && entry.revoked()) {
        return new RevokedStatus(Date.from(entry.revokedAt().get()), CRLReason.unspecified);
      }
    }
    return CertificateStatus.GOOD;
  }
}
