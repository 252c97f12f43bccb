package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.catalog.CatalogEndpoint;
import io.tokenless.catalog.CatalogRegion;
import io.tokenless.catalog.CatalogService;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.roles.model.Ids;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.Map;
import java.util.Optional;

/** {@code /v3/services}, {@code /v3/endpoints} and {@code /v3/regions} over the stored catalog. */
final class CatalogResource {
  private final CatalogStore catalog;
  private final Policy policy;
  private final Views views;

  CatalogResource(CatalogStore catalog, Policy policy, Views views) {
    this.catalog = catalog;
    this.policy = policy;
    this.views = views;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/services", this::listServices);
    routes.add("HEAD", "/v3/services", this::listServices);
    routes.post("/v3/services", this::createService);
    routes.get("/v3/services/{service_id}", this::showService);
    routes.add("HEAD", "/v3/services/{service_id}", this::showService);
    routes.add("PATCH", "/v3/services/{service_id}", this::updateService);
    routes.delete("/v3/services/{service_id}", this::deleteService);

    routes.get("/v3/endpoints", this::listEndpoints);
    routes.add("HEAD", "/v3/endpoints", this::listEndpoints);
    routes.post("/v3/endpoints", this::createEndpoint);
    routes.get("/v3/endpoints/{endpoint_id}", this::showEndpoint);
    routes.add("HEAD", "/v3/endpoints/{endpoint_id}", this::showEndpoint);
    routes.add("PATCH", "/v3/endpoints/{endpoint_id}", this::updateEndpoint);
    routes.delete("/v3/endpoints/{endpoint_id}", this::deleteEndpoint);

    routes.get("/v3/regions", this::listRegions);
    routes.add("HEAD", "/v3/regions", this::listRegions);
    routes.post("/v3/regions", exchange -> createRegion(exchange, null));
    routes.get("/v3/regions/{region_id}", this::showRegion);
    routes.add("HEAD", "/v3/regions/{region_id}", this::showRegion);
    routes.put("/v3/regions/{region_id}", exchange -> createRegion(exchange, Requests.path(exchange, "region_id")));
    routes.add("PATCH", "/v3/regions/{region_id}", this::updateRegion);
    routes.delete("/v3/regions/{region_id}", this::deleteRegion);
  }

  // --- services

  private void listServices(HttpServerExchange exchange) {
    policy.admin(exchange, "list_services");
    var services = catalog.listServices(Optional.ofNullable(Requests.query(exchange, "type")),
        Optional.ofNullable(Requests.query(exchange, "name")));
    Responses.ok(exchange, views.links().collection(exchange, "services", services.stream().map(views::service).toList()));
  }

  private void createService(HttpServerExchange exchange) {
    policy.admin(exchange, "create_service");
    ObjectNode body = Requests.body(exchange, "service");
    CatalogService service = catalog.createService(Optional.empty(), Requests.requiredString(body, "type"),
        Requests.string(body, "name"), Requests.string(body, "description"), Requests.bool(body, "enabled", true));
    Responses.created(exchange, Map.of("service", views.service(service)));
  }

  private void showService(HttpServerExchange exchange) {
    policy.admin(exchange, "get_service");
    Responses.ok(exchange, Map.of("service", views.service(catalog.getService(Requests.path(exchange, "service_id")))));
  }

  private void updateService(HttpServerExchange exchange) {
    policy.admin(exchange, "update_service");
    String id = Requests.path(exchange, "service_id");
    catalog.getService(id);
    ObjectNode body = Requests.body(exchange, "service");
    Requests.requireMatchingId(body, id);
    CatalogService service = catalog.updateService(id, present(body, "type"), present(body, "name"),
        present(body, "description"),
        body.has("enabled") ? Optional.of(Requests.bool(body, "enabled", true)) : Optional.empty());
    Responses.ok(exchange, Map.of("service", views.service(service)));
  }

  private void deleteService(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_service");
    catalog.deleteService(Requests.path(exchange, "service_id"));
    Responses.noContent(exchange);
  }

  // --- endpoints

  private void listEndpoints(HttpServerExchange exchange) {
    policy.admin(exchange, "list_endpoints");
    var endpoints = catalog.listEndpoints(Optional.ofNullable(Requests.query(exchange, "service_id")),
        Optional.ofNullable(Requests.query(exchange, "interface")),
        Optional.ofNullable(Requests.query(exchange, "region_id")));
    Responses.ok(exchange, views.links().collection(exchange, "endpoints", endpoints.stream().map(views::endpoint).toList()));
  }

  /** {@code region} is the pre-v3.2 name of {@code region_id}; Keystone still accepts it. */
  private void createEndpoint(HttpServerExchange exchange) {
    policy.admin(exchange, "create_endpoint");
    ObjectNode body = Requests.body(exchange, "endpoint");
    String region = Requests.string(body, "region_id");
    if (region == null) {
      region = Requests.string(body, "region");
    }
    CatalogEndpoint endpoint = catalog.createEndpoint(Optional.empty(), Requests.requiredString(body, "service_id"),
        Requests.requiredString(body, "interface"), region, Requests.requiredString(body, "url"),
        Requests.bool(body, "enabled", true));
    Responses.created(exchange, Map.of("endpoint", views.endpoint(endpoint)));
  }

  private void showEndpoint(HttpServerExchange exchange) {
    policy.admin(exchange, "get_endpoint");
    Responses.ok(exchange, Map.of("endpoint", views.endpoint(catalog.getEndpoint(Requests.path(exchange, "endpoint_id")))));
  }

  private void updateEndpoint(HttpServerExchange exchange) {
    policy.admin(exchange, "update_endpoint");
    String id = Requests.path(exchange, "endpoint_id");
    catalog.getEndpoint(id);
    ObjectNode body = Requests.body(exchange, "endpoint");
    Requests.requireMatchingId(body, id);
    Optional<String> region = present(body, "region_id");
    if (region.isEmpty()) {
      region = present(body, "region");
    }
    CatalogEndpoint endpoint = catalog.updateEndpoint(id, present(body, "interface"), region, present(body, "url"),
        body.has("enabled") ? Optional.of(Requests.bool(body, "enabled", true)) : Optional.empty());
    Responses.ok(exchange, Map.of("endpoint", views.endpoint(endpoint)));
  }

  private void deleteEndpoint(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_endpoint");
    catalog.deleteEndpoint(Requests.path(exchange, "endpoint_id"));
    Responses.noContent(exchange);
  }

  // --- regions: readable by anyone authenticated, as in Keystone's default policy

  private void listRegions(HttpServerExchange exchange) {
    policy.authenticated(exchange);
    String parent = Requests.query(exchange, "parent_region_id");
    var regions = catalog.listRegions().stream()
        .filter(r -> parent == null || parent.equals(r.parentRegionId()))
        .map(views::region).toList();
    Responses.ok(exchange, views.links().collection(exchange, "regions", regions));
  }

  /** {@code POST /v3/regions} picks an id unless the body has one; {@code PUT} takes it from the path. */
  private void createRegion(HttpServerExchange exchange, String pathId) {
    policy.admin(exchange, "create_region");
    ObjectNode body = Requests.body(exchange, "region");
    String id = pathId != null ? pathId : Requests.string(body, "id");
    if (pathId != null) {
      Requests.requireMatchingId(body, pathId);
    }
    CatalogRegion region = catalog.createRegion(Optional.ofNullable(id).or(() -> Optional.of(Ids.random())),
        Requests.string(body, "description"), Requests.string(body, "parent_region_id"));
    Responses.created(exchange, Map.of("region", views.region(region)));
  }

  private void showRegion(HttpServerExchange exchange) {
    policy.authenticated(exchange);
    Responses.ok(exchange, Map.of("region", views.region(catalog.getRegion(Requests.path(exchange, "region_id")))));
  }

  private void updateRegion(HttpServerExchange exchange) {
    policy.admin(exchange, "update_region");
    CatalogRegion current = catalog.getRegion(Requests.path(exchange, "region_id"));
    ObjectNode body = Requests.body(exchange, "region");
    Requests.requireMatchingId(body, current.id());
    CatalogRegion region = catalog.updateRegion(current.id(),
        body.has("description") ? Requests.string(body, "description") : current.description(),
        body.has("parent_region_id") ? Requests.string(body, "parent_region_id") : current.parentRegionId());
    Responses.ok(exchange, Map.of("region", views.region(region)));
  }

  private void deleteRegion(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_region");
    catalog.deleteRegion(Requests.path(exchange, "region_id"));
    Responses.noContent(exchange);
  }

  /** A string field for a partial update: empty when absent, 400 when of another type. */
  private static Optional<String> present(ObjectNode body, String field) {
    return body.has(field) ? Optional.ofNullable(Requests.string(body, field)) : Optional.empty();
  }
}
