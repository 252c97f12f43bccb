package io.tokenless.http.tls;

import io.tokenless.pki.FileWatch;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the server key and certificate chain from PEM files and picks up new files without a
 * restart: before choosing the key for a handshake it checks the files (at most once per
 * interval) and swaps in the new pair when they changed and match each other. A replaced pair
 * that cannot be read, or whose key does not belong to the certificate (one file written, the
 * other not yet), keeps the current pair and logs a WARN; the next change is tried again.
 *
 * <p>Each loaded pair gets its own alias, and the previous pair stays reachable by its alias,
 * so a handshake that chose its alias just before a swap still gets a matching key and chain.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger log = LoggerFactory.getLogger(ReloadingKeyManager.class);

  private record Pair(String alias, PrivateKey key, X509Certificate[] chain) {}

  private final Path keyFile;
  private final Path certificateFile;
  private final FileWatch watch;
  private volatile Pair current;
  private volatile Pair previous;
  private int generation;

  /** Loads the pair; fails with an {@link IllegalArgumentException} naming the file when it cannot. */
  ReloadingKeyManager(Path keyFile, Path certificateFile, Duration interval) {
    this.keyFile = keyFile;
    this.certificateFile = certificateFile;
    this.watch = new FileWatch(List.of(keyFile, certificateFile), interval);
    try {
      this.current = load(0);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("tls: " + e.getMessage(), e);
    }
    this.previous = current;
  }

  /** The certificate served now. */
  X509Certificate certificate() {
    reloadIfChanged();
    return current.chain()[0];
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    reloadIfChanged();
    Pair pair = current;
    return fits(keyType, pair.key().getAlgorithm()) ? pair.alias() : null;
  }

  /**
   * Whether a key of {@code algorithm} ("EC", "RSA", or "RSASSA-PSS" for a PSS-only key) serves
   * JSSE's {@code keyType}. JSSE asks once per signature scheme the client offers, by the key the
   * scheme needs: "EC" for ecdsa_*, "RSA" for rsa_pss_rsae_* (TLS 1.3 and 1.2) and rsa_pkcs1_*
   * (TLS 1.2), "RSASSA-PSS" for rsa_pss_pss_*, which only a key whose certificate names
   * id-RSASSA-PSS may use. An ordinary RSA key does not answer "RSASSA-PSS" (JSSE would discard
   * the mismatch anyway): OpenSSL clients (curl, wrk) offer rsa_pss_pss_* first, and the
   * handshake goes on with rsa_pss_rsae_*.
   */
  private static boolean fits(String keyType, String algorithm) {
    // "EC_EC"/"EC_RSA": the key type of static ECDH suites in older JSSE code.
    return keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseServerAlias(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Pair pair = byAlias(alias);
    return pair == null ? null : pair.chain().clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Pair pair = byAlias(alias);
    return pair == null ? null : pair.key();
  }

  /** A server key manager offers no client credentials. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private Pair byAlias(String alias) {
    Pair now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Pair before = previous;
    return before.alias().equals(alias) ? before : null;
  }

  private void reloadIfChanged() {
    if (!watch.changed()) {
      return;
    }
    synchronized (this) {
      try {
        Pair loaded = load(generation + 1);
        generation++;
        previous = current;
        current = loaded;
        log.info("TLS server certificate reloaded: {} (serial {}, valid until {})",
            loaded.chain()[0].getSubjectX500Principal().getName(), loaded.chain()[0].getSerialNumber().toString(16),
            loaded.chain()[0].getNotAfter().toInstant());
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        log.warn("TLS server key or certificate changed but cannot be used ({}); still serving {}",
            e.getMessage(), current.chain()[0].getSubjectX500Principal().getName());
      }
    }
  }

  private Pair load(int number) throws IOException, GeneralSecurityException {
    PrivateKey key = Pem.readPrivateKey(keyFile);
    X509Certificate[] chain = Pem.readCertificates(certificateFile).toArray(X509Certificate[]::new);
    if (!matches(key, chain[0])) {
      throw new GeneralSecurityException(keyFile + " is not the key of the certificate in " + certificateFile);
    }
    return new Pair("server-" + number, key, chain);
  }

  /** Signs a probe with the key and verifies it with the certificate: works for RSA and EC alike. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
    if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
      return false;
    }
    String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "tokenless key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(probe);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(probe);
    return verifier.verify(signature);
  }
}
