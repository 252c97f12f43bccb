package io.tokenless.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.error.NotFoundException;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where ErrorHandler runs a request: on a worker thread, or first on the IO thread when it may. */
class ErrorHandlerTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /** Each run of the application: on an IO thread or not, and what it left to do afterwards. */
  private final List<Boolean> runsInIoThread = new CopyOnWriteArrayList<>();
  private final List<String> effects = new CopyOnWriteArrayList<>();
  private Undertow server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private String start(HttpHandler application, boolean answerableInIoThread) {
    HttpHandler recording = exchange -> {
      runsInIoThread.add(exchange.isInIoThread());
      application.handleRequest(exchange);
    };
    server = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(new ErrorHandler(recording, exchange -> answerableInIoThread)).build();
    server.start();
    return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  private void awaitEffects(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (effects.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static HttpResponse<String> get(String base) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/x")).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestThatIsNotNamed_runsOnAWorkerThread() throws Exception {
    String base = start(exchange -> Json.send(exchange, 200, Map.of("ok", true)), false);

    assertThat(get(base).statusCode()).isEqualTo(200);
    assertThat(runsInIoThread).containsExactly(false);
  }

  @Test
  void namedRequestThatNeedsNothingBlocking_isAnsweredOnTheIoThread() throws Exception {
    String base = start(exchange -> {
      NonBlocking.afterAttempt(() -> effects.add("audited"));
      Json.send(exchange, 200, Map.of("ok", true));
    }, true);

    HttpResponse<String> response = get(base);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"ok\":true}");
    assertThat(runsInIoThread).containsExactly(true);
    // The attempt's effects run once it has returned, which may be after the client has its answer.
    awaitEffects(1);
    assertThat(effects).containsExactly("audited");
  }

  @Test
  void namedRequestThatWouldBlock_startsOverOnAWorkerThread_withItsEffectsOnce() throws Exception {
    String base = start(exchange -> {
      exchange.getResponseHeaders().add(HttpString.tryFromString("X-Attempt"), "made");
      NonBlocking.afterAttempt(() -> effects.add("audited"));
      NonBlocking.check("database connection");
      Json.send(exchange, 200, Map.of("thread", exchange.isInIoThread() ? "io" : "worker"));
    }, true);

    HttpResponse<String> response = get(base);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"thread\":\"worker\"}");
    assertThat(response.headers().allValues("X-Attempt")).containsExactly("made");
    assertThat(runsInIoThread).containsExactly(true, false);
    assertThat(effects).containsExactly("audited");
  }

  @Test
  void failureInTheIoThread_isMappedAsOnAWorker() throws Exception {
    String base = start(exchange -> {
      throw new NotFoundException("no such thing");
    }, true);

    HttpResponse<String> response = get(base);

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no such thing");
    assertThat(runsInIoThread).containsExactly(true);
  }

  @Test
  void checkOutsideAnAttempt_doesNotThrow_andEffectsRunAtOnce() {
    NonBlocking.check("database connection");
    NonBlocking.afterAttempt(() -> effects.add("now"));

    assertThat(effects).containsExactly("now");
  }
}
