package io.tokenless.web;

import io.tokenless.error.TokenlessException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the application: runs it on a worker thread (handlers may block on PostgreSQL or GSS),
 * turns every {@link TokenlessException} into its response, and turns anything else into an
 * opaque {@code 500} whose details go only to the log.
 *
 * <p>Requests that {@code answerableInIoThread} names are first tried on the IO thread (see
 * {@link NonBlocking}); if they would block, they start over on a worker thread. It must be the
 * first handler to touch the response: a request that starts over starts with no headers.
 */
public final class ErrorHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

  private final HttpHandler next;
  private final Predicate<HttpServerExchange> answerableInIoThread;

  public ErrorHandler(HttpHandler next) {
    this(next, exchange -> false);
  }

  public ErrorHandler(HttpHandler next, Predicate<HttpServerExchange> answerableInIoThread) {
    this.next = next;
    this.answerableInIoThread = answerableInIoThread;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      if (answerableInIoThread.test(exchange)) {
        if (NonBlocking.attempt(() -> run(exchange))) {
          return;
        }
        if (exchange.isResponseStarted()) {
          // check() comes before blocking, and nothing sends before it has what it needs.
          log.error("{} {} would block after its response started", exchange.getRequestMethod(),
              exchange.getRequestPath());
          exchange.setPersistent(false);
          exchange.endExchange();
          return;
        }
        exchange.getResponseHeaders().clear();
        exchange.setStatusCode(200);
      }
      exchange.dispatch(this);
      return;
    }
    if (!exchange.isBlocking()) {
      exchange.startBlocking();
    }
    run(exchange);
  }

  private void run(HttpServerExchange exchange) {
    try {
      next.handleRequest(exchange);
    } catch (TokenlessException failure) {
      if (failure.getCause() != null) {
        log.debug("{} {} -> {}: {}", exchange.getRequestMethod(), exchange.getRequestPath(),
            failure.status(), failure.getMessage(), failure.getCause());
      }
      ErrorResponder.send(exchange, failure);
    } catch (Exception | StackOverflowError failure) {
      log.error("unexpected failure on {} {}", exchange.getRequestMethod(), exchange.getRequestPath(), failure);
      if (exchange.isResponseStarted()) {
        exchange.setPersistent(false);
        exchange.endExchange();
        return;
      }
      exchange.getResponseHeaders().clear();
      String path = exchange.getRequestPath();
      if (ErrorResponder.isKeystonePath(path)) {
        Json.send(exchange, 500, Map.of("error", Map.of("code", 500, "title", "Internal Server Error",
            "message", "An unexpected error prevented the server from fulfilling your request.")));
      } else {
        Json.send(exchange, 500, Map.of("type", "about:blank", "title", "Internal Server Error", "status", 500,
            "detail", "an unexpected error occurred; see the server log", "instance", path),
            "application/problem+json");
      }
    }
  }
}
