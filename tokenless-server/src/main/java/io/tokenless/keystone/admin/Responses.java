package io.tokenless.keystone.admin;

import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/** The three kinds of answer the administration API gives. */
final class Responses {
  private Responses() {}

  /** {@code 200} with a JSON body (Undertow drops the body itself for HEAD). */
  static void ok(HttpServerExchange exchange, Object body) {
    Json.send(exchange, 200, body);
  }

  static void created(HttpServerExchange exchange, Object body) {
    Json.send(exchange, 201, body);
  }

  /** {@code 204} with an empty body, as Keystone answers grants, checks, revokes and deletes. */
  static void noContent(HttpServerExchange exchange) {
    exchange.setStatusCode(204);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.endExchange();
  }
}
