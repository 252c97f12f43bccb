package io.tokenless.pki;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds one X.509 v3 certificate: the single place the dev CA and the tests make certificates,
 * including the deliberately bad ones (expired, not yet valid, wrong or no extended key usage,
 * self-signed, CA flags where they do not belong).
 *
 * <p>Defaults: a fresh EC P-256 key, valid from one minute ago (clock skew) for 365 days, a
 * random 128-bit serial, key usage {@code digitalSignature} (plus {@code keyEncipherment} for
 * RSA), no extended key usage, not a CA, self-signed unless {@link #issuedBy} is called.
 * Builders are single-use and not thread-safe.
 */
public final class CertificateBuilder {
  public static final String CLIENT_AUTH = KeyPurposeId.id_kp_clientAuth.getId();
  public static final String SERVER_AUTH = KeyPurposeId.id_kp_serverAuth.getId();

  /** Microsoft's user principal name in a subject alternative name. */
  public static final String UPN_OID = "1.3.6.1.4.1.311.20.2.3";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Principal subject;
  private KeyType keyType = KeyType.EC_P256;
  private KeyPair keyPair;
  private IssuedCertificate issuer;
  private Instant notBefore = Instant.now().minus(Duration.ofMinutes(1));
  private Instant notAfter;
  private Duration validity = Duration.ofDays(365);
  private BigInteger serial;
  private Optional<Integer> caPathLength = Optional.empty();
  private boolean ca;
  private final Set<String> extendedKeyUsages = new LinkedHashSet<>();
  private Integer keyUsage;
  private boolean noKeyUsage;
  private final List<GeneralName> subjectAltNames = new ArrayList<>();
  private URI ocspResponder;

  private CertificateBuilder(X500Principal subject) {
    this.subject = subject;
  }

  /** A builder for a certificate with {@code subjectDn} in RFC 2253 form ({@code CN=alice,OU=default,O=Example}). */
  public static CertificateBuilder subject(String subjectDn) {
    return new CertificateBuilder(new X500Principal(subjectDn));
  }

  public CertificateBuilder keyType(KeyType type) {
    this.keyType = Objects.requireNonNull(type);
    return this;
  }

  /** Certifies an existing key pair instead of generating one (e.g. to re-issue for the same key). */
  public CertificateBuilder keyPair(KeyPair pair) {
    this.keyPair = Objects.requireNonNull(pair);
    return this;
  }

  /** Signed by {@code issuer}'s key; the result's chain continues with the issuer's chain. */
  public CertificateBuilder issuedBy(IssuedCertificate issuer) {
    this.issuer = Objects.requireNonNull(issuer);
    return this;
  }

  public CertificateBuilder validFrom(Instant instant) {
    this.notBefore = Objects.requireNonNull(instant);
    return this;
  }

  public CertificateBuilder validUntil(Instant instant) {
    this.notAfter = Objects.requireNonNull(instant);
    return this;
  }

  /** Valid for {@code duration} after {@code validFrom}; ignored when {@link #validUntil} is set. */
  public CertificateBuilder validFor(Duration duration) {
    this.validity = Objects.requireNonNull(duration);
    return this;
  }

  public CertificateBuilder serial(BigInteger value) {
    this.serial = Objects.requireNonNull(value);
    return this;
  }

  /** A CA certificate (basicConstraints cA, keyCertSign and cRLSign) without a path length limit. */
  public CertificateBuilder ca() {
    this.ca = true;
    return this;
  }

  /** A CA certificate that allows at most {@code pathLength} intermediates below it. */
  public CertificateBuilder ca(int pathLength) {
    this.ca = true;
    this.caPathLength = Optional.of(pathLength);
    return this;
  }

  public CertificateBuilder clientAuth() {
    return extendedKeyUsage(CLIENT_AUTH);
  }

  public CertificateBuilder serverAuth() {
    return extendedKeyUsage(SERVER_AUTH);
  }

  /** Adds an extended key usage by OID ({@link #CLIENT_AUTH}, {@link #SERVER_AUTH}, ...). */
  public CertificateBuilder extendedKeyUsage(String oid) {
    extendedKeyUsages.add(new ASN1ObjectIdentifier(oid).getId());
    return this;
  }

  /**
   * Sets the key usage bits, as {@code java.security.cert.X509Certificate#getKeyUsage()} numbers
   * them: 0 digitalSignature, 2 keyEncipherment, 4 keyAgreement, 5 keyCertSign, 6 cRLSign.
   */
  public CertificateBuilder keyUsage(int... bits) {
    int mask = 0;
    for (int bit : bits) {
      // Bouncy Castle's KeyUsage constants put bit 0 in the most significant bit of the first byte.
      mask |= switch (bit) {
        case 0 -> KeyUsage.digitalSignature;
        case 1 -> KeyUsage.nonRepudiation;
        case 2 -> KeyUsage.keyEncipherment;
        case 3 -> KeyUsage.dataEncipherment;
        case 4 -> KeyUsage.keyAgreement;
        case 5 -> KeyUsage.keyCertSign;
        case 6 -> KeyUsage.cRLSign;
        default -> throw new IllegalArgumentException("unsupported key usage bit " + bit);
      };
    }
    this.keyUsage = mask;
    return this;
  }

  /** Leaves the key usage extension out. */
  public CertificateBuilder noKeyUsage() {
    this.noKeyUsage = true;
    return this;
  }

  public CertificateBuilder dnsNames(List<String> names) {
    names.forEach(n -> subjectAltNames.add(new GeneralName(GeneralName.dNSName, n)));
    return this;
  }

  public CertificateBuilder ipAddresses(List<String> addresses) {
    addresses.forEach(a -> subjectAltNames.add(new GeneralName(GeneralName.iPAddress, a)));
    return this;
  }

  public CertificateBuilder emails(List<String> addresses) {
    addresses.forEach(a -> subjectAltNames.add(new GeneralName(GeneralName.rfc822Name, a)));
    return this;
  }

  public CertificateBuilder uris(List<URI> uris) {
    uris.forEach(u -> subjectAltNames.add(new GeneralName(GeneralName.uniformResourceIdentifier, u.toString())));
    return this;
  }

  /**
   * Adds a Microsoft user principal name ({@code otherName} 1.3.6.1.4.1.311.20.2.3), as Active
   * Directory puts in smart card and user certificates.
   */
  public CertificateBuilder userPrincipalName(String upn) {
    subjectAltNames.add(new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {
        new ASN1ObjectIdentifier(UPN_OID), new DERTaggedObject(true, 0, new DERUTF8String(upn))})));
    return this;
  }

  /** Names {@code responder} as the OCSP responder in the Authority Information Access extension. */
  public CertificateBuilder ocspResponder(URI responder) {
    this.ocspResponder = Objects.requireNonNull(responder);
    return this;
  }

  /** Generates the key (unless given), signs and returns the certificate with its key and chain. */
  public IssuedCertificate build() {
    KeyPair pair = keyPair != null ? keyPair : keyType.generate();
    PublicKey publicKey = pair.getPublic();
    PrivateKey signingKey = issuer != null ? issuer.privateKey() : pair.getPrivate();
    X509Certificate issuerCertificate = issuer != null ? issuer.certificate() : null;
    X500Principal issuerName = issuer != null ? issuerCertificate.getSubjectX500Principal() : subject;
    Instant end = notAfter != null ? notAfter : notBefore.plus(validity);
    BigInteger serialNumber = serial != null ? serial : new BigInteger(127, RANDOM).setBit(126);
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
          issuerName, serialNumber, Date.from(notBefore), Date.from(end), subject, publicKey);
      if (ca) {
        builder.addExtension(Extension.basicConstraints, true, caPathLength
            .map(BasicConstraints::new).orElseGet(() -> new BasicConstraints(true)));
      } else {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      }
      if (!noKeyUsage) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsageBits(publicKey)));
      }
      if (!extendedKeyUsages.isEmpty()) {
        KeyPurposeId[] purposes = extendedKeyUsages.stream()
            .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid)))
            .toArray(KeyPurposeId[]::new);
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
      }
      if (!subjectAltNames.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(subjectAltNames.toArray(GeneralName[]::new)));
      }
      if (ocspResponder != null) {
        builder.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
            AccessDescription.id_ad_ocsp, new GeneralName(GeneralName.uniformResourceIdentifier, ocspResponder.toString())));
      }
      builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
      if (issuerCertificate != null) {
        builder.addExtension(Extension.authorityKeyIdentifier, false,
            extensions.createAuthorityKeyIdentifier(issuerCertificate));
      }
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder(KeyType.signatureAlgorithm(issuer != null
              ? issuerCertificate.getPublicKey() : publicKey)).build(signingKey)));
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(certificate);
      if (issuer != null && !isSelfSigned(issuerCertificate)) {
        chain.addAll(issuer.chain());
      }
      return new IssuedCertificate(pair.getPrivate(), chain);
    } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot build certificate for " + subject.getName(), e);
    }
  }

  private int keyUsageBits(PublicKey publicKey) {
    if (keyUsage != null) {
      return keyUsage;
    }
    if (ca) {
      return KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature;
    }
    // RSA keys may also be used for RSA key transport in TLS 1.2; EC keys sign only.
    return "RSA".equals(publicKey.getAlgorithm())
        ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
        : KeyUsage.digitalSignature;
  }

  static boolean isSelfSigned(X509Certificate certificate) {
    if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
      return false;
    }
    try {
      certificate.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
