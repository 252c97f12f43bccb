package io.tokenless.web;

import io.tokenless.error.MethodNotAllowedException;
import io.tokenless.error.TokenlessException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.error.UnavailableException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a {@link TokenlessException} becomes an HTTP response. Under {@code /v3} the
 * body is Keystone's {@code {"error": {"code", "title", "message"}}} as {@code application/json}
 * (Keystone's clients reject any other content type there); everywhere else it is an RFC 9457
 * {@code application/problem+json} document.
 */
public final class ErrorResponder {
  private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

  private ErrorResponder() {}

  public static void send(HttpServerExchange exchange, TokenlessException failure) {
    if (exchange.isResponseStarted()) {
      // Too late to change the status; the connection is closed so the client sees a failure.
      exchange.setPersistent(false);
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().clear();
    if (failure instanceof UnauthenticatedException unauthenticated) {
      for (String challenge : unauthenticated.challenges()) {
        exchange.getResponseHeaders().add(Headers.WWW_AUTHENTICATE, challenge);
      }
    } else if (failure instanceof UnavailableException unavailable) {
      long seconds = Math.max(1, unavailable.retryAfter().toSeconds());
      exchange.getResponseHeaders().put(RETRY_AFTER, Long.toString(seconds));
    } else if (failure instanceof MethodNotAllowedException notAllowed && !notAllowed.allowed().isEmpty()) {
      exchange.getResponseHeaders().put(Headers.ALLOW, String.join(", ", notAllowed.allowed()));
    }
    String message = failure.getMessage() == null ? failure.title() : failure.getMessage();
    if (isKeystonePath(exchange.getRequestPath())) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("code", failure.status());
      error.put("title", failure.title());
      error.put("message", message);
      Json.send(exchange, failure.status(), Map.of("error", error), "application/json");
    } else {
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", failure.title());
      problem.put("status", failure.status());
      problem.put("detail", message);
      problem.put("instance", exchange.getRequestPath());
      Json.send(exchange, failure.status(), problem, "application/problem+json");
    }
  }

  /** Keystone's API lives at {@code /v3} and, for version discovery, at {@code /}. */
  public static boolean isKeystonePath(String path) {
    return path.equals("/") || path.equals("/v3") || path.startsWith("/v3/");
  }
}
