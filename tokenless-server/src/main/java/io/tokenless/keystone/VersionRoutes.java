package io.tokenless.keystone;

import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.List;
import java.util.Map;

/**
 * Keystone's version discovery: {@code GET /} answers {@code 300 Multiple Choices} with the
 * one version we serve, {@code GET /v3} answers {@code 200} with it. keystoneauth reads these to
 * pick the API, so the shapes follow Keystone 22 exactly.
 */
public final class VersionRoutes {
  /** The identity API version Keystone 22 (Zed) reports. */
  static final String VERSION_ID = "v3.14";
  static final String UPDATED = "2020-04-07T00:00:00Z";
  static final String MEDIA_TYPE = "application/vnd.openstack.identity-v3+json";

  private final String baseUrl;

  /** @param baseUrl the server's public URL without a trailing slash */
  public VersionRoutes(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public RoutingHandler routes() {
    RoutingHandler routes = Routes.create();
    // Keystone answers HEAD wherever it answers GET, with the same status and no body.
    routes.get("/", this::versions);
    routes.add("HEAD", "/", this::versions);
    routes.get("/v3", this::version);
    routes.add("HEAD", "/v3", this::version);
    routes.get("/v3/", this::version);
    routes.add("HEAD", "/v3/", this::version);
    return routes;
  }

  private void versions(HttpServerExchange exchange) {
    Json.send(exchange, 300, Map.of("versions", Map.of("values", List.of(describe()))));
  }

  private void version(HttpServerExchange exchange) {
    Json.send(exchange, 200, Map.of("version", describe()));
  }

  private Map<String, Object> describe() {
    return Map.of(
        "id", VERSION_ID,
        "status", "stable",
        "updated", UPDATED,
        "links", List.of(Map.of("rel", "self", "href", baseUrl + "/v3/")),
        "media-types", List.of(Map.of("base", "application/json", "type", MEDIA_TYPE)));
  }
}
