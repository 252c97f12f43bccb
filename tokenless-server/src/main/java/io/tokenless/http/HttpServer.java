package io.tokenless.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;

/**
 * The Undertow server: a plain HTTP listener and, when configured, an HTTPS listener that asks
 * for client certificates. Ports may be 0 (tests); {@link #httpPort()} tells the bound port.
 */
public final class HttpServer implements AutoCloseable {
  private final Undertow undertow;

  private HttpServer(Undertow undertow) {
    this.undertow = undertow;
  }

  /** Settings of the HTTPS listener: its address, TLS context and socket options (client auth, protocols). */
  public record TlsListener(String host, int port, SSLContext context, OptionMap options) {}

  public static HttpServer start(String host, int port, Optional<TlsListener> tls, HttpHandler root) {
    int cores = Runtime.getRuntime().availableProcessors();
    Undertow.Builder builder = Undertow.builder()
        .setIoThreads(Math.max(2, cores))
        .setWorkerThreads(Math.max(16, cores * 8))
        .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
        .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L << 20)
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
        .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
        .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
        .setHandler(root)
        .addHttpListener(port, host);
    tls.ifPresent(listener -> builder.addListener(new Undertow.ListenerBuilder()
        .setType(Undertow.ListenerType.HTTPS)
        .setHost(listener.host())
        .setPort(listener.port())
        .setSslContext(listener.context())
        .setOverrideSocketOptions(listener.options())));
    Undertow undertow = builder.build();
    undertow.start();
    return new HttpServer(undertow);
  }

  public int httpPort() {
    return port("http");
  }

  public int httpsPort() {
    return port("https");
  }

  private int port(String protocol) {
    return undertow.getListenerInfo().stream()
        .filter(info -> info.getProtcol().equals(protocol))
        .map(info -> ((InetSocketAddress) info.getAddress()).getPort())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + protocol + " listener"));
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
