package io.tokenless.demo.load;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.ServerConnection;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/**
 * A real Undertow server on 127.0.0.1, port 0, that counts what it handled:
 * <ul>
 *   <li>{@code /hello}: 200, a short body with Content-Length;</li>
 *   <li>{@code /chunked}: 200, the body in chunks;</li>
 *   <li>{@code /status/NNN}: that status;</li>
 *   <li>{@code /v3/auth/tokens} (POST): 201 with {@code X-Subject-Token: test-token} when the body
 *       carries {@code secret-pw};</li>
 *   <li>{@code /whoami}: 200 when {@code X-Auth-Token: test-token} or a client certificate came
 *       with the request, else 401.</li>
 * </ul>
 */
final class TestServer implements AutoCloseable {
  final AtomicLong requests = new AtomicLong();
  final AtomicLong clientCertificateRequests = new AtomicLong();
  /** Query strings of GETs and bodies of POSTs to {@code /seen}, each once. */
  final Set<String> seen = ConcurrentHashMap.newKeySet();
  /** TLS protocol versions the requests came over. */
  private final Set<String> protocols = ConcurrentHashMap.newKeySet();
  private final Set<ServerConnection> connections = Collections.newSetFromMap(new ConcurrentHashMap<>());
  private final Undertow undertow;
  private final int port;

  private TestServer(SSLContext tls, boolean requireClientCertificate, String... protocols) {
    Undertow.Builder builder = Undertow.builder().setIoThreads(1).setWorkerThreads(4).setHandler(this::handle);
    if (tls == null) {
      builder.addHttpListener(0, "127.0.0.1");
    } else {
      builder.addHttpsListener(0, "127.0.0.1", tls);
      if (requireClientCertificate) {
        builder.setSocketOption(Options.SSL_CLIENT_AUTH_MODE, SslClientAuthMode.REQUIRED);
      }
      if (protocols.length > 0) {
        builder.setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(protocols));
      }
    }
    undertow = builder.build();
    undertow.start();
    port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  static TestServer plain() {
    return new TestServer(null, false);
  }

  /** A TLS server; with protocols given (e.g. {@code TLSv1.2}) it speaks only those. */
  static TestServer tls(SSLContext context, boolean requireClientCertificate, String... protocols) {
    return new TestServer(context, requireClientCertificate, protocols);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  String httpsUrl(String path) {
    return "https://localhost:" + port + path;
  }

  int port() {
    return port;
  }

  /** The TLS protocol versions requests came over (empty for plain HTTP). */
  Set<String> protocolsSeen() {
    return Set.copyOf(protocols);
  }

  /** Distinct TCP connections that carried at least one request. */
  int connectionsSeen() {
    return connections.size();
  }

  private void handle(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread() && (exchange.getRequestPath().equals("/v3/auth/tokens")
        || exchange.getRequestPath().equals("/seen"))) {
      exchange.dispatch(this::handle);
      return;
    }
    requests.incrementAndGet();
    connections.add(exchange.getConnection());
    if (exchange.getConnection().getSslSessionInfo() != null) {
      protocols.add(exchange.getConnection().getSslSessionInfo().getSSLSession().getProtocol());
    }
    String path = exchange.getRequestPath();
    if (path.equals("/hello")) {
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
      exchange.getResponseSender().send("hello\n");
    } else if (path.equals("/chunked")) {
      exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, "chunked");
      exchange.getResponseSender().send(ByteBuffer.wrap("chunked body, a bit longer than hello\n".repeat(40)
          .getBytes(StandardCharsets.US_ASCII)));
    } else if (path.equals("/seen")) {
      exchange.startBlocking();
      String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(exchange.getRequestMethod().toString().equals("POST") ? body : exchange.getQueryString());
      exchange.getResponseSender().send("seen\n");
    } else if (path.startsWith("/status/")) {
      exchange.setStatusCode(Integer.parseInt(path.substring("/status/".length())));
      exchange.getResponseSender().send("status\n");
    } else if (path.equals("/v3/auth/tokens")) {
      exchange.startBlocking();
      String body = new String(exchange.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (body.contains("\"secret-pw\"") && body.contains("\"alice\"")) {
        exchange.setStatusCode(201);
        exchange.getResponseHeaders().put(HttpString.tryFromString("X-Subject-Token"), "test-token");
        exchange.getResponseSender().send("{\"token\":{}}");
      } else {
        exchange.setStatusCode(401);
        exchange.getResponseSender().send("{\"error\":{\"code\":401,\"title\":\"Unauthorized\",\"message\":\"no\"}}");
      }
    } else if (path.equals("/whoami")) {
      boolean token = "test-token".equals(exchange.getRequestHeaders().getFirst("X-Auth-Token"));
      Optional<String> certificate = clientCertificate(exchange);
      certificate.ifPresent(subject -> clientCertificateRequests.incrementAndGet());
      exchange.setStatusCode(token || certificate.isPresent() ? 200 : 401);
      exchange.getResponseSender().send(certificate.orElse("token") + "\n");
    } else {
      exchange.setStatusCode(404);
      exchange.getResponseSender().send("not here\n");
    }
  }

  /** The client certificate's subject, if the TLS handshake carried one. */
  private static Optional<String> clientCertificate(HttpServerExchange exchange) {
    if (exchange.getConnection().getSslSessionInfo() == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = exchange.getConnection().getSslSessionInfo().getPeerCertificates();
      return chain.length == 0 ? Optional.empty()
          : Optional.of(((X509Certificate) chain[0]).getSubjectX500Principal().getName());
    } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
      // No verified peer: the request is answered as unauthenticated, which the test asserts.
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
