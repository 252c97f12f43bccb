package io.tokenless.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tokenless.web.Json;
import io.undertow.io.AsyncSenderImpl;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the proxy's bare failures into problem documents: an upstream that cannot be reached is
 * {@code 502 Bad Gateway} (Undertow's proxy says 503, which would tell the client to retry the
 * gateway itself), one that does not answer in time is {@code 504}. An answer the upstream
 * gave, whatever its status, passes through untouched.
 */
final class UpstreamFailures implements DefaultResponseListener {
  /** Set when no connection to the upstream could be had for this exchange. */
  static final AttachmentKey<Boolean> UNREACHABLE = AttachmentKey.create(Boolean.class);

  private final String upstream;

  UpstreamFailures(String upstream) {
    this.upstream = upstream;
  }

  @Override
  public boolean handleDefaultResponse(HttpServerExchange exchange) {
    if (exchange.isResponseStarted()) {
      return false;
    }
    if (Boolean.TRUE.equals(exchange.getAttachment(UNREACHABLE))) {
      send(exchange, StatusCodes.BAD_GATEWAY, "Bad Gateway", "the upstream service " + upstream + " cannot be reached");
      return true;
    }
    if (exchange.getStatusCode() == StatusCodes.GATEWAY_TIME_OUT) {
      send(exchange, StatusCodes.GATEWAY_TIME_OUT, "Gateway Timeout",
          "the upstream service " + upstream + " did not answer in time");
      return true;
    }
    return false;
  }

  /** Sends a problem document without blocking: this may run on an IO thread. */
  static void send(HttpServerExchange exchange, int status, String title, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("title", title);
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", exchange.getRequestPath());
    String body;
    try {
      body = Json.MAPPER.writeValueAsString(problem);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("problem document not serialisable", e);
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/problem+json");
    new AsyncSenderImpl(exchange).send(body);
  }
}
