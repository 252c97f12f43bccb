package io.tokenless.demo.services;

import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.PathTemplateMatch;
import java.util.LinkedHashMap;
import java.util.Map;

/** The image service: {@code GET /images/{id}} describes an image and who asked for it. */
final class ImageService {
  private ImageService() {}

  static RoutingHandler routes() {
    return new RoutingHandler(false).get("/images/{id}", ImageService::show);
  }

  private static void show(HttpServerExchange exchange) {
    String id = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY).getParameters().get("id");
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("id", id);
    image.put("name", id);
    image.put("status", "active");
    image.put("disk_format", "qcow2");
    Json.send(exchange, 200, Map.of("image", image, "seen_by", CallerView.of(exchange).toJson()));
  }
}
