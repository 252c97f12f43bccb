package io.tokenless.http.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The TLS side of a listener, built from PEM files: an {@link SSLContext} limited to TLS 1.3 and
 * 1.2 whose key and certificate follow the files on disk (checked at most once per reload
 * interval, swapped without a restart), and which requests client certificates from the
 * configured CAs without judging them (see {@link StructuralClientTrustManager}).
 *
 * <p>Use: {@code Undertow.builder().addHttpsListener(port, host, tls.sslContext())
 * .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, tls.clientAuthMode().undertowMode())}, or pass
 * {@link #undertowOptions()} to the listener. Building fails with an
 * {@link IllegalArgumentException} naming the file when the key, certificate or CA file cannot
 * be used.
 */
public final class ServerTls {
  private final ServerTlsConfig config;
  private final SSLContext sslContext;
  private final ReloadingKeyManager keyManager;

  private ServerTls(ServerTlsConfig config, SSLContext sslContext, ReloadingKeyManager keyManager) {
    this.config = config;
    this.sslContext = sslContext;
    this.keyManager = keyManager;
  }

  public static ServerTls create(ServerTlsConfig config) {
    FastTlsCrypto.install();
    ReloadingKeyManager keyManager =
        new ReloadingKeyManager(config.keyFile(), config.certificateFile(), config.reloadInterval());
    StructuralClientTrustManager trustManager =
        new StructuralClientTrustManager(config.clientCaFiles(), config.reloadInterval());
    try {
      SSLContext context = new ProtocolLimitedSslContext(SSLContext.getInstance("TLS"));
      context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
      return new ServerTls(config, context, keyManager);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  public SSLContext sslContext() {
    return sslContext;
  }

  public ClientAuthMode clientAuthMode() {
    return config.clientAuth();
  }

  /** The certificate currently served (after picking up a changed file, if due). */
  public X509Certificate serverCertificate() {
    return keyManager.certificate();
  }

  /** Listener options: client auth mode and the enabled protocols. */
  public OptionMap undertowOptions() {
    return OptionMap.builder()
        .set(Options.SSL_CLIENT_AUTH_MODE, config.clientAuth().undertowMode())
        .setSequence(Options.SSL_ENABLED_PROTOCOLS, ProtocolLimitedSslContext.PROTOCOLS.toArray(String[]::new))
        .getMap();
  }
}
