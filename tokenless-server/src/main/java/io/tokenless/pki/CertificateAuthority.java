package io.tokenless.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority for development and tests: issues server, client and
 * intermediate CA certificates, revokes them and publishes a signed CRL.
 *
 * <p>A CA kept in a directory ({@link #init}, {@link #open}) holds {@code ca.pem},
 * {@code ca-key.pem} (mode 0600), {@code crl.pem} and {@code index.txt}, an OpenSSL-style index
 * with one line per issued certificate: status ({@code V} valid, {@code R} revoked), expiry,
 * revocation time, serial in hex, {@code unknown}, subject DN (RFC 2253). Every revocation
 * rewrites the index and re-signs the CRL, so a server watching {@code crl.pem} picks it up.
 * An in-memory CA ({@link #create}, {@link #intermediate}) keeps the same state in memory.
 *
 * <p>Instances are thread-safe; a directory must be used by one process at a time.
 */
public final class CertificateAuthority {
  /** How a new CA is made. */
  public record Options(String subjectDn, KeyType keyType, Duration validity, Duration crlValidity) {
    public Options {
      new X500Principal(Objects.requireNonNull(subjectDn, "subjectDn"));
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(crlValidity, "crlValidity");
    }

    /** {@code CN=Tokenless Dev CA,O=Tokenless}, EC P-256, ten years, CRLs valid for seven days. */
    public static Options defaults() {
      return new Options("CN=Tokenless Dev CA,O=Tokenless", KeyType.EC_P256, Duration.ofDays(3650), Duration.ofDays(7));
    }

    public Options withKeyType(KeyType type) {
      return new Options(subjectDn, type, validity, crlValidity);
    }

    public Options withSubject(String dn) {
      return new Options(dn, keyType, validity, crlValidity);
    }

    public Options withCrlValidity(Duration duration) {
      return new Options(subjectDn, keyType, validity, duration);
    }
  }

  /** One line of the index. */
  public record IndexEntry(BigInteger serial, String subjectDn, Instant notAfter, Optional<Instant> revokedAt) {
    public boolean revoked() {
      return revokedAt.isPresent();
    }
  }

  public static final String CA_FILE = "ca.pem";
  public static final String CA_KEY_FILE = "ca-key.pem";
  public static final String CRL_FILE = "crl.pem";
  public static final String INDEX_FILE = "index.txt";

  private static final DateTimeFormatter INDEX_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final IssuedCertificate signer;
  private final Optional<Path> directory;
  private final List<IndexEntry> index = new ArrayList<>();
  private Duration crlValidity;
  private X509CRL crl;
  private volatile Optional<URI> ocspResponder = Optional.empty();

  private CertificateAuthority(IssuedCertificate signer, Optional<Path> directory, Duration crlValidity) {
    this.signer = signer;
    this.directory = directory;
    this.crlValidity = crlValidity;
  }

  /** Creates a CA in {@code directory} with the default options; fails if one is already there. */
  public static CertificateAuthority init(Path directory) throws IOException {
    return init(directory, Options.defaults());
  }

  /** Creates a CA in {@code directory}; fails if {@code ca.pem} already exists there. */
  public static CertificateAuthority init(Path directory, Options options) throws IOException {
    if (Files.exists(directory.resolve(CA_FILE))) {
      throw new IOException(directory.resolve(CA_FILE) + " already exists; refusing to replace a CA");
    }
    IssuedCertificate root = CertificateBuilder.subject(options.subjectDn()).keyType(options.keyType())
        .validFor(options.validity()).ca().build();
    CertificateAuthority authority = new CertificateAuthority(root, Optional.of(directory), options.crlValidity());
    Files.createDirectories(directory);
    Pem.writePrivateKey(directory.resolve(CA_KEY_FILE), root.privateKey());
    Pem.writeCertificates(directory.resolve(CA_FILE), root.chain());
    authority.saveIndex();
    authority.publish();
    return authority;
  }

  /** Opens the CA kept in {@code directory} by {@link #init}. */
  public static CertificateAuthority open(Path directory) throws IOException {
    return open(directory, Options.defaults().crlValidity());
  }

  /** Opens the CA in {@code directory}; CRLs it signs from now on are valid for {@code crlValidity}. */
  public static CertificateAuthority open(Path directory, Duration crlValidity) throws IOException {
    List<X509Certificate> chain = Pem.readCertificates(directory.resolve(CA_FILE));
    IssuedCertificate signer = new IssuedCertificate(Pem.readPrivateKey(directory.resolve(CA_KEY_FILE)), chain);
    CertificateAuthority authority = new CertificateAuthority(signer, Optional.of(directory), crlValidity);
    authority.index.addAll(readIndex(directory.resolve(INDEX_FILE)));
    Path crlFile = directory.resolve(CRL_FILE);
    if (Files.exists(crlFile)) {
      authority.crl = Pem.readCrl(crlFile);
    } else {
      authority.publish();
    }
    return authority;
  }

  /** A root CA that lives in memory only (tests). */
  public static CertificateAuthority create(Options options) {
    IssuedCertificate root = CertificateBuilder.subject(options.subjectDn()).keyType(options.keyType())
        .validFor(options.validity()).ca().build();
    CertificateAuthority authority = new CertificateAuthority(root, Optional.empty(), options.crlValidity());
    authority.crl = authority.signCrl(Instant.now(), Instant.now().plus(options.crlValidity()));
    return authority;
  }

  /** A root CA named {@code subjectDn} that lives in memory only (tests). */
  public static CertificateAuthority create(String subjectDn) {
    return create(Options.defaults().withSubject(subjectDn));
  }

  /** An intermediate CA issued by this one, kept in memory; its chain ends with this CA. */
  public synchronized CertificateAuthority intermediate(String subjectDn) {
    IssuedCertificate certificate = record(CertificateBuilder.subject(subjectDn).issuedBy(signer).ca(0)
        .validUntil(signer.certificate().getNotAfter().toInstant()).build());
    CertificateAuthority child = new CertificateAuthority(certificate, Optional.empty(), crlValidity);
    child.crl = child.signCrl(Instant.now(), Instant.now().plus(crlValidity));
    return child;
  }

  /**
   * An intermediate CA issued by this one and kept in {@code directory} like a root made by
   * {@link #init}: its {@code ca.pem} holds the intermediate's chain up to, not including, the
   * root, so clients it issues to can send the whole chain. Fails if a CA is already there.
   */
  public CertificateAuthority intermediate(String subjectDn, Path directory) throws IOException {
    if (Files.exists(directory.resolve(CA_FILE))) {
      throw new IOException(directory.resolve(CA_FILE) + " already exists; refusing to replace a CA");
    }
    IssuedCertificate certificate;
    synchronized (this) {
      certificate = record(CertificateBuilder.subject(subjectDn).issuedBy(signer).ca(0)
          .validUntil(signer.certificate().getNotAfter().toInstant()).build());
      saveIndex();
    }
    CertificateAuthority child = new CertificateAuthority(certificate, Optional.of(directory), crlValidity);
    Files.createDirectories(directory);
    Pem.writePrivateKey(directory.resolve(CA_KEY_FILE), certificate.privateKey());
    Pem.writeCertificates(directory.resolve(CA_FILE), certificate.chain());
    child.saveIndex();
    child.publish();
    return child;
  }

  /** This CA's certificate and key; its chain runs up to, not including, the root. */
  public IssuedCertificate signer() {
    return signer;
  }

  public X509Certificate certificate() {
    return signer.certificate();
  }

  /** The directory of a CA made by {@link #init} or {@link #open}. */
  public Optional<Path> directory() {
    return directory;
  }

  /**
   * A builder preset to be signed by this CA. What it builds is not recorded in the index; use
   * it for certificates with unusual properties (tests).
   */
  public CertificateBuilder builder(String subjectDn) {
    CertificateBuilder builder = CertificateBuilder.subject(subjectDn).issuedBy(signer);
    ocspResponder.ifPresent(builder::ocspResponder);
    return builder;
  }

  /** Certificates issued from now on name {@code responder} as their OCSP responder. */
  public void ocspResponder(URI responder) {
    this.ocspResponder = Optional.of(responder);
  }

  /**
   * Answers a DER OCSP request about certificates of this CA; see {@link OcspResponder}. Never
   * throws: a request that cannot be parsed gets {@code malformedRequest}.
   */
  public byte[] answerOcsp(byte[] request) {
    return new OcspResponder(this).answer(request);
  }

  /** A TLS server certificate ({@code serverAuth}) with an EC P-256 key for the given DNS names and IP addresses. */
  public IssuedCertificate issueServer(List<String> dnsNames, List<String> ipAddresses, int days)
      throws IOException {
    return issueServer(dnsNames, ipAddresses, days, KeyType.EC_P256);
  }

  /** As {@link #issueServer(List, List, int)}, with a key of the given type. */
  public synchronized IssuedCertificate issueServer(List<String> dnsNames, List<String> ipAddresses, int days,
      KeyType keyType) throws IOException {
    String cn = !dnsNames.isEmpty() ? dnsNames.get(0) : ipAddresses.isEmpty() ? "server" : ipAddresses.get(0);
    IssuedCertificate issued = record(builder("CN=" + escape(cn)).keyType(keyType).serverAuth().dnsNames(dnsNames)
        .ipAddresses(ipAddresses).validFor(Duration.ofDays(days)).build());
    saveIndex();
    return issued;
  }

  /**
   * A client certificate ({@code clientAuth}) with {@code CN=user}, the domain (if any) in
   * {@code OU} and this CA's organisation (if any) in {@code O}.
   */
  public IssuedCertificate issueClient(String user, Optional<String> domain, int days, KeyType keyType)
      throws IOException {
    return issueClient(user, domain, days, keyType, List.of(), List.of());
  }

  /** As {@link #issueClient(String, Optional, int, KeyType)}, with e-mail and URI subject alternative names. */
  public synchronized IssuedCertificate issueClient(String user, Optional<String> domain, int days, KeyType keyType,
      List<String> emails, List<URI> uris) throws IOException {
    StringBuilder dn = new StringBuilder("CN=").append(escape(user));
    domain.ifPresent(d -> dn.append(",OU=").append(escape(d)));
    organisation().ifPresent(o -> dn.append(",O=").append(escape(o)));
    IssuedCertificate issued = record(builder(dn.toString()).keyType(keyType).clientAuth().emails(emails).uris(uris)
        .validFor(Duration.ofDays(days)).build());
    saveIndex();
    return issued;
  }

  /**
   * Issues a client certificate as {@link #issueClient(String, Optional, int, KeyType)} and writes
   * it to {@code <directory>/<user>.pem} and its key to {@code <directory>/<user>-key.pem} (0600).
   */
  public IssuedCertificate issueClientFiles(Path directory, String user, Optional<String> domain, int days,
      KeyType keyType) throws IOException {
    IssuedCertificate issued = issueClient(user, domain, days, keyType);
    issued.writeTo(directory.resolve(user + ".pem"), directory.resolve(user + "-key.pem"));
    return issued;
  }

  /** Revokes the certificate in {@code certificateFile} (its first certificate); see {@link #revoke(BigInteger)}. */
  public X509CRL revokeCertificateFile(Path certificateFile) throws IOException {
    return revoke(Pem.readCertificates(certificateFile).get(0).getSerialNumber());
  }

  /**
   * Revokes {@code serial} (issued by this CA, recorded or not) and publishes a new CRL valid
   * for the configured CRL validity. Revoking twice keeps the first revocation time.
   */
  public synchronized X509CRL revoke(BigInteger serial) throws IOException {
    Instant now = Instant.now();
    boolean found = false;
    for (int i = 0; i < index.size(); i++) {
      IndexEntry entry = index.get(i);
      if (entry.serial().equals(serial)) {
        found = true;
        if (!entry.revoked()) {
          index.set(i, new IndexEntry(serial, entry.subjectDn(), entry.notAfter(), Optional.of(now)));
        }
      }
    }
    if (!found) {
      index.add(new IndexEntry(serial, "", now, Optional.of(now)));
    }
    saveIndex();
    return publish();
  }

  /** The serials recorded for {@code subjectDn} (RFC 2253, compared as X.500 names). */
  public synchronized List<IndexEntry> entriesFor(String subjectDn) {
    X500Principal wanted = new X500Principal(subjectDn);
    return index.stream().filter(e -> !e.subjectDn().isEmpty() && new X500Principal(e.subjectDn()).equals(wanted))
        .toList();
  }

  public synchronized List<IndexEntry> index() {
    return List.copyOf(index);
  }

  /** Changes how long CRLs signed from now on are valid. */
  public synchronized void crlValidity(Duration validity) {
    this.crlValidity = Objects.requireNonNull(validity);
  }

  /** The CRL published last. */
  public synchronized X509CRL crl() {
    return crl;
  }

  /** Re-signs the CRL with a fresh {@code thisUpdate}, e.g. before the current one runs out. */
  public synchronized X509CRL publish() throws IOException {
    Instant now = Instant.now();
    crl = signCrl(now, now.plus(crlValidity));
    if (directory.isPresent()) {
      Pem.writeCrl(directory.get().resolve(CRL_FILE), crl);
    }
    return crl;
  }

  /** A CRL of the current revocations with the given update times, not published (tests: stale CRLs). */
  public synchronized X509CRL signCrl(Instant thisUpdate, Instant nextUpdate) {
    try {
      X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate().getSubjectX500Principal(), Date.from(thisUpdate));
      builder.setNextUpdate(Date.from(nextUpdate));
      for (IndexEntry entry : index) {
        if (entry.revoked()) {
          builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt().get()), CRLReason.unspecified);
        }
      }
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate()));
      builder.addExtension(Extension.cRLNumber, false,
          new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
      return new JcaX509CRLConverter().getCRL(builder.build(
          new JcaContentSignerBuilder(KeyType.signatureAlgorithm(certificate().getPublicKey())).build(signer.privateKey())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot sign CRL for " + certificate().getSubjectX500Principal().getName(), e);
    }
  }

  private IssuedCertificate record(IssuedCertificate issued) {
    X509Certificate certificate = issued.certificate();
    index.add(new IndexEntry(certificate.getSerialNumber(), certificate.getSubjectX500Principal().getName(),
        certificate.getNotAfter().toInstant(), Optional.empty()));
    return issued;
  }

  private Optional<String> organisation() {
    String dn = certificate().getSubjectX500Principal().getName();
    try {
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("O")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      throw new IllegalStateException("CA subject is not a valid DN: " + dn, e);
    }
    return Optional.empty();
  }

  private static String escape(String value) {
    return javax.naming.ldap.Rdn.escapeValue(value);
  }

  private void saveIndex() throws IOException {
    if (directory.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (IndexEntry entry : index) {
      text.append(entry.revoked() ? 'R' : 'V').append('\t')
          .append(INDEX_TIME.format(entry.notAfter())).append('\t')
          .append(entry.revokedAt().map(INDEX_TIME::format).orElse("")).append('\t')
          .append(entry.serial().toString(16).toUpperCase(Locale.ROOT)).append('\t')
          .append("unknown").append('\t')
          .append(entry.subjectDn()).append('\n');
    }
    Path file = directory.get().resolve(INDEX_FILE);
    Path temporary = Files.createTempFile(directory.get(), ".index", ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static List<IndexEntry> readIndex(Path file) throws IOException {
    List<IndexEntry> entries = new ArrayList<>();
    if (!Files.exists(file)) {
      return entries;
    }
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length < 6) {
        throw new IOException(file + ":" + number + ": expected 6 tab-separated fields");
      }
      Instant notAfter = INDEX_TIME.parse(fields[1], Instant::from);
      Optional<Instant> revokedAt = fields[2].isEmpty() ? Optional.empty() : Optional.of(INDEX_TIME.parse(fields[2], Instant::from));
      entries.add(new IndexEntry(new BigInteger(fields[3], 16), fields[5], notAfter, revokedAt));
    }
    return entries;
  }
}
