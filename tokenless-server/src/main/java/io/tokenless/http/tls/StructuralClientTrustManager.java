package io.tokenless.http.tls;

import io.tokenless.pki.FileWatch;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handshake's view of client certificates: it names the configured client CAs as acceptable
 * issuers in the certificate request and accepts any well-formed chain, leaving the decision to
 * {@code ClientCertificateMechanism} after the handshake.
 *
 * <p>Why: a certificate rejected in the handshake ends in a TLS alert ({@code bad_certificate},
 * {@code certificate_expired}) that clients report as an opaque connection error, and other
 * mechanisms (Kerberos) on the same listener get no chance. Accepted here, a bad certificate
 * gets a {@code 401} whose body says why (expired, revoked, untrusted issuer ...). This is safe
 * because the handshake still proves possession of the private key (JSSE verifies the client's
 * {@code CertificateVerify} signature whatever this class decides), and because nothing trusts a
 * peer certificate except the mechanism, which validates it fully. The same choice holds in
 * {@link ClientAuthMode#REQUIRED} mode: "required" means a certificate must be sent.
 *
 * <p>The CA files are re-read when they change (checked at most once per interval); an
 * unreadable replacement keeps the previous list and logs a WARN.
 */
final class StructuralClientTrustManager extends X509ExtendedTrustManager {
  private static final Logger log = LoggerFactory.getLogger(StructuralClientTrustManager.class);

  private final List<Path> caFiles;
  private final FileWatch watch;
  private volatile X509Certificate[] issuers;

  StructuralClientTrustManager(List<Path> caFiles, Duration interval) {
    this.caFiles = List.copyOf(caFiles);
    this.watch = new FileWatch(caFiles, interval);
    try {
      this.issuers = read(this.caFiles);
    } catch (IOException e) {
      throw new IllegalArgumentException("tls.clientCa: " + e.getMessage(), e);
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    if (watch.changed()) {
      try {
        issuers = read(caFiles);
        log.info("client CA list reloaded from {}: {} CAs", caFiles, issuers.length);
      } catch (IOException e) {
        log.warn("client CA files {} changed but cannot be read ({}); keeping the previous list",
            caFiles, e.getMessage());
      }
    }
    return issuers.clone();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  /** Structural only: a non-empty chain of parsed certificates. Validation happens after the handshake. */
  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("empty client certificate chain");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  /** This trust manager belongs to a server; it never trusts a server. */
  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("server-side trust manager does not validate server certificates");
  }

  private static X509Certificate[] read(List<Path> files) throws IOException {
    List<X509Certificate> all = new ArrayList<>();
    for (Path file : files) {
      all.addAll(Pem.readCertificates(file));
    }
    return all.toArray(X509Certificate[]::new);
  }
}
