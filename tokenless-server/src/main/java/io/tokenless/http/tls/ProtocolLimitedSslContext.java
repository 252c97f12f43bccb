package io.tokenless.http.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An {@link SSLContext} whose engines speak TLS 1.3 and 1.2 only, whatever the listener's
 * options say: the policy travels with the context instead of depending on every caller setting
 * {@code Options.SSL_ENABLED_PROTOCOLS}.
 */
final class ProtocolLimitedSslContext extends SSLContext {
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  ProtocolLimitedSslContext(SSLContext delegate) {
    super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
      delegate.init(km, tm, sr);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return delegate.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return limit(delegate.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return limit(delegate.createSSLEngine(host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      SSLParameters parameters = delegate.getDefaultSSLParameters();
      parameters.setProtocols(allowed(parameters.getProtocols()));
      return parameters;
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      SSLParameters parameters = delegate.getSupportedSSLParameters();
      parameters.setProtocols(allowed(parameters.getProtocols()));
      return parameters;
    }

    private static SSLEngine limit(SSLEngine engine) {
      engine.setEnabledProtocols(allowed(engine.getSupportedProtocols()));
      return engine;
    }

    private static String[] allowed(String[] offered) {
      return Arrays.stream(offered).filter(PROTOCOLS::contains).toArray(String[]::new);
    }
  }
}
