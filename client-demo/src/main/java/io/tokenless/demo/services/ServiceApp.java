package io.tokenless.demo.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.web.Json;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.HeaderValues;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny Undertow app for one demo service. It trusts only requests the gateway confirmed
 * ({@code X-Identity-Status: Confirmed}), as a service behind keystonemiddleware does, and every
 * service answers {@code /echo} with the headers it received, so one can see what reached it.
 */
final class ServiceApp implements AutoCloseable {
  private final String name;
  private final Undertow undertow;

  private ServiceApp(String name, Undertow undertow) {
    this.name = name;
    this.undertow = undertow;
  }

  static ServiceApp start(String name, String host, int port, RoutingHandler routes) {
    routes.get("/echo", ServiceApp::echo).post("/echo", ServiceApp::echo);
    routes.setFallbackHandler(exchange -> problem(exchange, 404, "no resource at " + exchange.getRequestPath()));
    HttpHandler guarded = exchange -> {
      if (!CallerView.confirmed(exchange)) {
        problem(exchange, 401, "the gateway did not confirm an identity for this request");
        return;
      }
      routes.handleRequest(exchange);
    };
    Undertow undertow = Undertow.builder()
        .addHttpListener(port, host)
        .setIoThreads(1)
        .setWorkerThreads(8)
        .setHandler(new BlockingHandler(guarded))
        .build();
    undertow.start();
    return new ServiceApp(name, undertow);
  }

  String name() {
    return name;
  }

  int port() {
    return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  private static void echo(HttpServerExchange exchange) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HeaderValues values : exchange.getRequestHeaders()) {
      headers.put(values.getHeaderName().toString(), String.join(", ", values));
    }
    Json.send(exchange, 200, Map.of("method", exchange.getRequestMethod().toString(),
        "path", exchange.getRequestPath(), "headers", headers));
  }

  static void problem(HttpServerExchange exchange, int status, String detail) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", "about:blank");
    problem.put("status", status);
    problem.put("detail", detail);
    Json.send(exchange, status, problem, "application/problem+json");
  }

  static JsonNode body(HttpServerExchange exchange) {
    return Json.readTree(exchange);
  }

  @Override
  public void close() {
    undertow.stop();
  }
}
