package io.tokenless.demo.services;

import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The network service: {@code POST /ports} allocates a port for the caller's project. */
final class NetworkService {
  private NetworkService() {}

  static RoutingHandler routes() {
    return new RoutingHandler(false).post("/ports", NetworkService::createPort);
  }

  private static void createPort(HttpServerExchange exchange) {
    String network = ServiceApp.body(exchange).at("/port/network_id").asText("private");
    CallerView caller = CallerView.of(exchange);
    Map<String, Object> port = new LinkedHashMap<>();
    port.put("id", UUID.randomUUID().toString());
    port.put("network_id", network);
    port.put("project_id", caller.projectId());
    port.put("fixed_ip", "10.0.0." + (2 + (int) (Math.random() * 250)));
    Json.send(exchange, 201, Map.of("port", port, "seen_by", caller.toJson()));
  }
}
