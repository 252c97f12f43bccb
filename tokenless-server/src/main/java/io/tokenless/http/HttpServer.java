package io.tokenless.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The Undertow server: a plain HTTP listener and, when configured, an HTTPS listener that asks
 * for client certificates. Ports may be 0 (tests); {@link #httpPort()} tells the bound port.
 *
 * <p>{@link #close()} stops gracefully: the listening sockets close first (a new connection is
 * refused, so a client or load balancer fails over at once), then the requests being answered
 * finish, then the remaining connections close. The XNIO worker is ours rather than Undertow's
 * for this reason: Undertow's own {@code stop()} shuts its worker down right after closing the
 * listeners, which closes every connection with its request still running.
 */
public final class HttpServer implements AutoCloseable {
  /** How long {@link #close()} waits for requests being answered before closing their connections. */
  public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(2);

  private final Undertow undertow;
  private final XnioWorker worker;
  private final InFlightRequests inFlight;

  private HttpServer(Undertow undertow, XnioWorker worker, InFlightRequests inFlight) {
    this.undertow = undertow;
    this.worker = worker;
    this.inFlight = inFlight;
  }

  /** Settings of the HTTPS listener: its address, TLS context and socket options (client auth, protocols). */
  public record TlsListener(String host, int port, SSLContext context, OptionMap options) {}

  public static HttpServer start(String host, int port, Optional<TlsListener> tls, HttpHandler root) {
    XnioWorker worker = createWorker();
    try {
      InFlightRequests inFlight = new InFlightRequests(root);
      Undertow.Builder builder = Undertow.builder()
          .setWorker(worker)
          .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
          .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L << 20)
          .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
          .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, 10_000)
          .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
          .setServerOption(UndertowOptions.ALWAYS_SET_DATE, true)
          .setHandler(inFlight)
          .addHttpListener(port, host);
      tls.ifPresent(listener -> builder.addListener(new Undertow.ListenerBuilder()
          .setType(Undertow.ListenerType.HTTPS)
          .setHost(listener.host())
          .setPort(listener.port())
          .setSslContext(listener.context())
          .setOverrideSocketOptions(listener.options())));
      Undertow undertow = builder.build();
      undertow.start();
      return new HttpServer(undertow, worker, inFlight);
    } catch (RuntimeException e) {
      // The worker's threads would keep the JVM alive after a failed start (a port in use).
      worker.shutdownNow();
      throw e;
    }
  }

  /** The worker Undertow would make for itself: as many IO threads as cores (at least 2), 8 workers per core. */
  private static XnioWorker createWorker() {
    int cores = Runtime.getRuntime().availableProcessors();
    int workers = Math.max(16, cores * 8);
    try {
      return Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
          .set(Options.WORKER_IO_THREADS, Math.max(2, cores))
          .set(Options.WORKER_TASK_CORE_THREADS, workers)
          .set(Options.WORKER_TASK_MAX_THREADS, workers)
          .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
          .set(Options.CONNECTION_LOW_WATER, 1_000_000)
          .set(Options.TCP_NODELAY, true)
          .set(Options.CORK, true)
          .getMap());
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the HTTP worker threads: " + e.getMessage(), e);
    }
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

  /** Stops gracefully, waiting at most {@link #DRAIN_TIMEOUT} for requests being answered. */
  @Override
  public void close() {
    close(DRAIN_TIMEOUT);
  }

  void close(Duration drainTimeout) {
    // With a worker of our own, Undertow's stop() only closes the listening sockets.
    undertow.stop();
    try {
      int active = inFlight.active();
      if (active > 0) {
        log.info("stopping: waiting for {} request(s) being answered", active);
      }
      int cut = inFlight.drain(drainTimeout);
      if (cut > 0) {
        log.warn("stopping: {} request(s) still running after {} s are cut off", cut, drainTimeout.toSeconds());
      }
      worker.shutdown();
      if (!worker.awaitTermination(WORKER_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
