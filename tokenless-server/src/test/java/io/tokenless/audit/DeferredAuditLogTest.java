package io.tokenless.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.web.ErrorHandler;
import io.tokenless.web.Json;
import io.tokenless.web.NonBlocking;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A request tried on the IO thread and answered again on a worker leaves its audit event once. */
class DeferredAuditLogTest {
  private final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();
  private final AuditLog sink = new AuditLog() {
    @Override
    public void record(AuditEvent event) {
      recorded.add(event);
    }

    @Override
    public void close() {}
  };

  @Test
  void requestThatStartsOverOnAWorker_isAuditedOnce() throws Exception {
    AuditLog audit = DeferredAuditLog.around(sink);
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(new ErrorHandler(exchange -> {
      audit.record(() -> Audits.authentication(exchange, "token", "alice", "u-1", "authenticated", null));
      NonBlocking.check("database connection");
      Json.send(exchange, 200, Map.of("ok", true));
    }, exchange -> true)).build();
    server.start();
    try {
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/auth/tokens")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(recorded).singleElement().satisfies(event -> assertThat(event.principal()).isEqualTo("alice"));
    } finally {
      server.stop();
    }
  }

  @Test
  void outsideAnAttempt_eventsAreRecordedAtOnce() {
    DeferredAuditLog.around(sink).record(() -> new AuditEvent(java.time.Instant.EPOCH, "r-1", "authentication",
        "token", "bob", "u-2", null, List.of(), null, "authenticated", null, null, "GET", "/v3/auth/tokens"));

    assertThat(recorded).singleElement().satisfies(event -> assertThat(event.principal()).isEqualTo("bob"));
  }

  @Test
  void noAuditLog_staysTheFreeOne() {
    assertThat(DeferredAuditLog.around(AuditLog.NONE)).isSameAs(AuditLog.NONE);
  }
}
