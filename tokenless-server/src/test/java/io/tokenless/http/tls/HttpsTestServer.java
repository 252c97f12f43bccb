package io.tokenless.http.tls;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;

/** An Undertow HTTPS listener on 127.0.0.1 and a free port, built from a {@link ServerTls}. */
public final class HttpsTestServer implements AutoCloseable {
  private final Undertow undertow;
  private final int port;

  public HttpsTestServer(ServerTls tls, HttpHandler handler) {
    this.undertow = Undertow.builder()
        .setIoThreads(1)
        .setWorkerThreads(4)
        .addHttpsListener(0, "127.0.0.1", tls.sslContext())
        .setSocketOption(org.xnio.Options.SSL_CLIENT_AUTH_MODE, tls.clientAuthMode().undertowMode())
        .setHandler(handler)
        .build();
    undertow.start();
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  public int port() {
    return port;
  }

  public URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
