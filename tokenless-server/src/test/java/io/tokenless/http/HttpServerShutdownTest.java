package io.tokenless.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What clients see while the server stops: the listener closes at once, requests being answered
 * still get their whole answer, and the stop itself is bounded.
 */
class HttpServerShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final CountDownLatch slowEntered = new CountDownLatch(1);
  private final CountDownLatch releaseSlow = new CountDownLatch(1);
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() {
    HttpHandler handler = exchange -> {
      if (exchange.isInIoThread()) {
        exchange.dispatch(exchange.getRequestPath().equals("/slow") ? this::slow : this::fast);
        return;
      }
    };
    server = HttpServer.start("127.0.0.1", 0, Optional.empty(), handler);
    port = server.httpPort();
  }

  private void slow(HttpServerExchange exchange) throws InterruptedException {
    slowEntered.countDown();
    releaseSlow.await();
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseSender().send("slow answer");
  }

  private void fast(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    exchange.getResponseSender().send("fast answer");
  }

  @AfterEach
  void stop() {
    releaseSlow.countDown();
    server.close(Duration.ofSeconds(5));
  }

  @Test
  void requestBeingAnswered_getsItsWholeAnswer_whileNewConnectionsAreRefused() throws Exception {
    try (Socket client = connect()) {
      send(client, "/slow");
      assertThat(slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.close(WAIT));

      awaitRefused();
      assertThat(stopping).as("the stop waits for the request being answered").isNotDone();
      releaseSlow.countDown();
      Reply reply = read(client);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("slow answer");
      assertThat(reply.headers()).containsEntry("connection", "close");
      stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void requestOnAKeptAliveConnection_duringTheStop_isAnsweredWithConnectionClose() throws Exception {
    try (Socket keptAlive = connect(); Socket holder = connect()) {
      send(keptAlive, "/fast");
      assertThat(read(keptAlive).headers()).containsEntry("connection", "keep-alive");
      send(holder, "/slow");
      assertThat(slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.close(WAIT));
      awaitRefused();

      send(keptAlive, "/fast");
      Reply reply = read(keptAlive);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo("fast answer");
      assertThat(reply.headers()).containsEntry("connection", "close");
      releaseSlow.countDown();
      assertThat(read(holder).status()).isEqualTo(200);
      stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void requestRunningPastTheDrainTimeout_isCutOff_andTheStopEnds() throws Exception {
    try (Socket client = connect()) {
      send(client, "/slow");
      assertThat(slowEntered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.close(Duration.ofMillis(200)));

      stopping.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThatThrownBy(() -> read(client)).isInstanceOf(IOException.class);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout((int) WAIT.toMillis());
    return socket;
  }

  private void awaitRefused() throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      } catch (ConnectException refused) {
        return;
      } catch (IOException other) {
        // a timeout on a loaded machine: try again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("port " + port + " still accepts connections while stopping");
  }

  private static void send(Socket socket, String path) throws IOException {
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private record Reply(int status, Map<String, String> headers, String body) {}

  /** One HTTP/1.1 response with a Content-Length body; an IOException if the connection ends first. */
  private static Reply read(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
    if (body.length < Integer.parseInt(headers.getOrDefault("content-length", "0"))) {
      throw new IOException("body cut off after " + body.length + " bytes");
    }
    return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
