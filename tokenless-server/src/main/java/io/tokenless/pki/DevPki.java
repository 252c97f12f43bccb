package io.tokenless.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PKI of {@code tokenless dev}: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and client certificates for the demo users, some of them revoked.
 *
 * <p>Layout under the directory: {@code ca.pem}, {@code ca-key.pem}, {@code crl.pem},
 * {@code index.txt}, {@code server.pem} (server certificate), {@code server-key.pem},
 * {@code clients/<user>.pem} and {@code clients/<user>-key.pem}.
 *
 * <p>{@link #ensure} is idempotent: files that exist are kept, so certificates handed out in
 * an earlier run keep working across restarts; only what is missing is issued, users listed as
 * revoked are revoked once, and a CRL that has run out (or will within a day) is re-signed.
 *
 * <p>All keys of a dev PKI — CA, server and clients — are of one {@link KeyType}, chosen when
 * the PKI is created (EC P-256 unless asked otherwise). Without a key type asked for, an
 * existing PKI keeps its own; asking for a type that differs from the existing PKI's fails
 * without touching a file, since silently serving the other type would mislead whoever asked
 * (a benchmark of RSA handshakes, say).
 *
 * @param directory the PKI directory
 * @param caFile    the CA certificate: the server's client-CA bundle and the clients' trust store
 * @param crlFile   the CA's CRL
 * @param serverCertificate the server certificate chain
 * @param serverKey the server's PKCS#8 key
 * @param clientsDirectory where {@code <user>.pem} and {@code <user>-key.pem} live
 */
public record DevPki(Path directory, Path caFile, Path crlFile, Path serverCertificate, Path serverKey,
    Path clientsDirectory) {
  private static final Logger log = LoggerFactory.getLogger(DevPki.class);

  /** Days the dev server and client certificates are valid for. */
  public static final int CERTIFICATE_DAYS = 825;
  /** The domain put in the {@code OU} of the demo users' certificates. */
  public static final String DEFAULT_DOMAIN = "Default";

  /** Ensures a dev PKI with the demo users (domain {@value #DEFAULT_DOMAIN}); {@code revokedUsers} get a revoked certificate. */
  public static DevPki ensure(Path directory, Collection<String> users, Collection<String> revokedUsers)
      throws IOException {
    return ensure(directory, users, revokedUsers, Optional.of(DEFAULT_DOMAIN), Optional.empty());
  }

  /** As {@link #ensure(Path, Collection, Collection)} with the users' domain given. */
  public static DevPki ensure(Path directory, Collection<String> users, Collection<String> revokedUsers,
      Optional<String> domain) throws IOException {
    return ensure(directory, users, revokedUsers, domain, Optional.empty());
  }

  /**
   * As {@link #ensure(Path, Collection, Collection, Optional)} with the key type of a new PKI
   * given; empty keeps an existing PKI's type, or makes EC P-256 keys for a new one.
   *
   * @throws IllegalStateException when {@code keyType} is given and the CA, the server
   *     certificate or one of these users' certificates already in {@code directory} has keys of
   *     another type; nothing is written then
   */
  public static DevPki ensure(Path directory, Collection<String> users, Collection<String> revokedUsers,
      Optional<String> domain, Optional<KeyType> keyType) throws IOException {
    DevPki pki = new DevPki(directory, directory.resolve(CertificateAuthority.CA_FILE),
        directory.resolve(CertificateAuthority.CRL_FILE), directory.resolve("server.pem"),
        directory.resolve("server-key.pem"), directory.resolve("clients"));
    Set<String> everyone = new LinkedHashSet<>(users);
    everyone.addAll(revokedUsers);
    KeyType type = pki.keyTypeFor(everyone, keyType);
    CertificateAuthority ca;
    if (Files.exists(pki.caFile())) {
      ca = CertificateAuthority.open(directory);
    } else {
      ca = CertificateAuthority.init(directory, CertificateAuthority.Options.defaults().withKeyType(type));
      log.info("created dev CA {} ({}) in {}", ca.certificate().getSubjectX500Principal().getName(), type.label(),
          directory);
    }
    if (!Files.exists(pki.serverCertificate()) || !Files.exists(pki.serverKey())) {
      ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), CERTIFICATE_DAYS, type)
          .writeTo(pki.serverCertificate(), pki.serverKey());
      log.info("issued dev server certificate {} ({})", pki.serverCertificate(), type.label());
    }
    for (String user : everyone) {
      Path certificate = pki.clientCertificate(user);
      if (Files.exists(certificate) && Files.exists(pki.clientKey(user))) {
        continue;
      }
      IssuedCertificate issued = ca.issueClient(user, domain, CERTIFICATE_DAYS, type);
      issued.writeTo(certificate, pki.clientKey(user));
      log.info("issued dev client certificate for {}", user);
    }
    for (String user : revokedUsers) {
      X509CRL crl = ca.crl();
      X509Certificate certificate = Pem.readCertificates(pki.clientCertificate(user)).get(0);
      if (crl.getRevokedCertificate(certificate.getSerialNumber()) == null) {
        ca.revoke(certificate.getSerialNumber());
        log.info("revoked dev client certificate of {}", user);
      }
    }
    Instant refreshBefore = Instant.now().plus(Duration.ofDays(1));
    if (ca.crl().getNextUpdate() == null || ca.crl().getNextUpdate().toInstant().isBefore(refreshBefore)) {
      ca.publish();
      log.info("re-signed dev CRL {}", pki.crlFile());
    }
    return pki;
  }

  public Path clientCertificate(String user) {
    return clientsDirectory.resolve(user + ".pem");
  }

  public Path clientKey(String user) {
    return clientsDirectory.resolve(user + "-key.pem");
  }

  /**
   * The key type for what is still to be issued: the one asked for (after checking that what
   * exists has it too), else the existing CA's, else EC P-256.
   */
  private KeyType keyTypeFor(Collection<String> users, Optional<KeyType> requested) throws IOException {
    if (!Files.exists(caFile)) {
      return requested.orElse(KeyType.EC_P256);
    }
    Optional<KeyType> existing = keyTypeOf(caFile);
    if (requested.isEmpty()) {
      KeyType kept = existing.orElse(KeyType.EC_P256);
      log.debug("dev PKI in {} keeps its {} keys", directory, kept.label());
      return kept;
    }
    List<Path> issued = new ArrayList<>(List.of(caFile, serverCertificate));
    users.forEach(user -> issued.add(clientCertificate(user)));
    for (Path file : issued) {
      if (!Files.exists(file)) {
        continue;
      }
      Optional<KeyType> found = keyTypeOf(file);
      if (!found.equals(requested)) {
        throw new IllegalStateException(directory + " already holds a dev PKI with "
            + found.map(KeyType::label).orElse("other") + " keys (" + file.getFileName() + "), not "
            + requested.get().label() + " as asked: use a fresh data directory (or delete " + directory
            + ") for " + requested.get().label() + " keys, or leave the key type out to keep these");
      }
    }
    return requested.get();
  }

  private static Optional<KeyType> keyTypeOf(Path certificateFile) throws IOException {
    return KeyType.of(Pem.readCertificates(certificateFile).get(0).getPublicKey());
  }

  /** The key type of this PKI's CA; empty when it is none of {@link KeyType}'s. */
  public Optional<KeyType> keyType() throws IOException {
    return keyTypeOf(caFile);
  }

  /** Opens the CA for further issuing or revoking (e.g. {@code tokenless ca revoke}). */
  public CertificateAuthority authority() throws IOException {
    return CertificateAuthority.open(directory);
  }
}
