package io.tokenless.demo.services;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The compute service: {@code POST /servers} creates a server for the caller. To do so it calls
 * the image and network services through the gateway on the caller's behalf: authenticated as
 * itself ({@link ServiceIdentity}), naming the user ({@code X-On-Behalf-Of-User-Id}) and the
 * user's project; the gateway re-checks the user's own roles there. The answer carries a trace
 * of who saw whom, for the demo to print.
 */
final class ComputeService {
  private final ServiceIdentity identity;

  ComputeService(ServiceIdentity identity) {
    this.identity = identity;
  }

  RoutingHandler routes() {
    return new RoutingHandler(false).post("/servers", this::createServer);
  }

  private void createServer(HttpServerExchange exchange) throws IOException, InterruptedException {
    JsonNode request = ServiceApp.body(exchange).path("server");
    String name = request.path("name").asText("server-1");
    String imageRef = request.path("imageRef").asText("cirros");
    CallerView caller = CallerView.of(exchange);
    List<Map<String, Object>> trace = new ArrayList<>();
    trace.add(step("compute", "POST /servers", caller.toJson(), null));

    HttpResponse<String> image = identity.http().send(onBehalf(identity.request(
        "/image/images/" + URLEncoder.encode(imageRef, StandardCharsets.UTF_8)), caller).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (!relay(exchange, "image", image)) {
      return;
    }
    trace.add(step("image", "GET /images/" + imageRef, Json.MAPPER.readTree(image.body()).get("seen_by"),
        identity.description()));

    String portRequest = Json.MAPPER.writeValueAsString(Map.of("port", Map.of("network_id", "private")));
    HttpResponse<String> port = identity.http().send(onBehalf(identity.request("/network/ports"), caller)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(portRequest)).build(), HttpResponse.BodyHandlers.ofString());
    if (!relay(exchange, "network", port)) {
      return;
    }
    JsonNode portBody = Json.MAPPER.readTree(port.body());
    trace.add(step("network", "POST /ports", portBody.get("seen_by"), identity.description()));

    Map<String, Object> server = new LinkedHashMap<>();
    server.put("id", UUID.randomUUID().toString());
    server.put("name", name);
    server.put("status", "ACTIVE");
    server.put("image", imageRef);
    server.put("port_id", portBody.at("/port/id").asText());
    server.put("fixed_ip", portBody.at("/port/fixed_ip").asText());
    server.put("user_id", caller.userId());
    server.put("project_id", caller.projectId());
    Json.send(exchange, 202, Map.of("server", server, "trace", trace));
  }

  /** Names the user and the project the service acts in; no credential of the user travels. */
  private static HttpRequest.Builder onBehalf(HttpRequest.Builder request, CallerView caller) {
    return request.header("X-On-Behalf-Of-User-Id", caller.userId())
        .header("X-Project-Id", caller.projectId());
  }

  /** Passes a refusal from a downstream service back to the client; true when the call succeeded. */
  private static boolean relay(HttpServerExchange exchange, String service, HttpResponse<String> response)
      throws IOException {
    if (response.statusCode() / 100 == 2) {
      return true;
    }
    String detail = response.body().isEmpty() ? "" : Json.MAPPER.readTree(response.body()).path("detail").asText();
    ServiceApp.problem(exchange, response.statusCode(),
        "the " + service + " service refused the call made on the user's behalf: " + detail);
    return false;
  }

  private static Map<String, Object> step(String service, String call, Object seenBy, String callerAuth) {
    Map<String, Object> step = new LinkedHashMap<>();
    step.put("service", service);
    step.put("call", call);
    if (callerAuth != null) {
      step.put("called_by", "compute, authenticated by " + callerAuth);
    }
    step.put("seen_by", seenBy);
    return step;
  }
}
