package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.ImpliedRole;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v3/roles} (global and domain-specific), the implied-role rules under
 * {@code /v3/roles/{prior}/implies}, and {@code /v3/role_inferences}.
 */
final class RoleResource {
  private final RoleStore store;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;

  RoleResource(RoleStore store, Policy policy, Views views) {
    this.store = store;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/roles", this::list);
    routes.add("HEAD", "/v3/roles", this::list);
    routes.post("/v3/roles", this::create);
    routes.get("/v3/roles/{role_id}", this::show);
    routes.add("HEAD", "/v3/roles/{role_id}", this::show);
    routes.add("PATCH", "/v3/roles/{role_id}", this::update);
    routes.delete("/v3/roles/{role_id}", this::delete);
    routes.get("/v3/roles/{role_id}/implies", this::listImplied);
    routes.add("HEAD", "/v3/roles/{role_id}/implies", this::listImplied);
    routes.put("/v3/roles/{role_id}/implies/{implied_role_id}", this::addImplied);
    routes.get("/v3/roles/{role_id}/implies/{implied_role_id}", this::showImplied);
    routes.add("HEAD", "/v3/roles/{role_id}/implies/{implied_role_id}", this::checkImplied);
    routes.delete("/v3/roles/{role_id}/implies/{implied_role_id}", this::removeImplied);
    routes.get("/v3/role_inferences", this::inferences);
    routes.add("HEAD", "/v3/role_inferences", this::inferences);
  }

  /** Without {@code domain_id} Keystone lists global roles only; with it, that domain's roles. */
  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_roles");
    var roles = store.roles().list(Requests.query(exchange, "domain_id"), Requests.query(exchange, "name"));
    Responses.ok(exchange, views.links().collection(exchange, "roles", roles.stream().map(views::role).toList()));
  }

  private void create(HttpServerExchange exchange) {
    policy.admin(exchange, "create_role");
    ObjectNode body = Requests.body(exchange, "role");
    String name = Requests.requiredString(body, "name");
    String domainId = Requests.string(body, "domain_id");
    if (domainId != null) {
      lookups.domain(domainId);
    }
    Role role = new Role(Ids.random(), name, domainId, Requests.string(body, "description"));
    Role created = Lookups.storing("role", name, () -> store.roles().create(role));
    Responses.created(exchange, Map.of("role", views.role(created)));
  }

  private void show(HttpServerExchange exchange) {
    policy.admin(exchange, "get_role");
    Responses.ok(exchange, Map.of("role", views.role(lookups.role(Requests.path(exchange, "role_id")))));
  }

  private void update(HttpServerExchange exchange) {
    policy.admin(exchange, "update_role");
    Role current = lookups.role(Requests.path(exchange, "role_id"));
    ObjectNode body = Requests.body(exchange, "role");
    Requests.requireMatchingId(body, current.id());
    if (body.has("domain_id") && !java.util.Objects.equals(current.domainId(), Requests.string(body, "domain_id"))) {
      throw new BadRequestException("Update of `domain_id` is not allowed.");
    }
    Role changed = new Role(current.id(),
        body.has("name") ? Requests.requiredString(body, "name") : current.name(), current.domainId(),
        body.has("description") ? Requests.string(body, "description") : current.description());
    Role updated = Lookups.storing("role", changed.name(), () -> store.roles().update(changed));
    Responses.ok(exchange, Map.of("role", views.role(updated)));
  }

  private void delete(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_role");
    Role role = lookups.role(Requests.path(exchange, "role_id"));
    store.roles().delete(role.id());
    Responses.noContent(exchange);
  }

  private void listImplied(HttpServerExchange exchange) {
    policy.admin(exchange, "list_implied_roles");
    Role prior = lookups.role(Requests.path(exchange, "role_id"));
    List<Map<String, Object>> implies = store.roles().impliedBy(prior.id()).stream().map(views::roleRef).toList();
    Map<String, Object> inference = new LinkedHashMap<>();
    inference.put("prior_role", views.roleRef(prior));
    inference.put("implies", implies);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role_inference", inference);
    body.put("links", Map.of("self", views.links().url("/roles/" + prior.id() + "/implies")));
    Responses.ok(exchange, body);
  }

  /** Keystone answers the creation of a rule with 201 and the rule, like any creation. */
  private void addImplied(HttpServerExchange exchange) {
    policy.admin(exchange, "create_implied_role");
    Role prior = lookups.role(Requests.path(exchange, "role_id"));
    Role implied = lookups.role(Requests.path(exchange, "implied_role_id"));
    store.roles().addImplied(prior.id(), implied.id());
    Responses.created(exchange, inference(prior, implied));
  }

  private void showImplied(HttpServerExchange exchange) {
    policy.admin(exchange, "get_implied_role");
    Rule rule = existingRule(exchange);
    Responses.ok(exchange, inference(rule.prior(), rule.implied()));
  }

  /** Keystone documents and answers {@code 204} here, not the 200 HTTP would suggest. */
  private void checkImplied(HttpServerExchange exchange) {
    policy.admin(exchange, "check_implied_role");
    existingRule(exchange);
    Responses.noContent(exchange);
  }

  private void removeImplied(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_implied_role");
    Rule rule = existingRule(exchange);
    store.roles().removeImplied(rule.prior().id(), rule.implied().id());
    Responses.noContent(exchange);
  }

  private record Rule(Role prior, Role implied) {}

  /** The rule named by the path, or a 404. */
  private Rule existingRule(HttpServerExchange exchange) {
    Role prior = lookups.role(Requests.path(exchange, "role_id"));
    Role implied = lookups.role(Requests.path(exchange, "implied_role_id"));
    if (!store.roles().implies(prior.id(), implied.id())) {
      throw new NotFoundException("Could not find implied role: " + prior.id() + " implies " + implied.id() + ".");
    }
    return new Rule(prior, implied);
  }

  private Map<String, Object> inference(Role prior, Role implied) {
    Map<String, Object> inference = new LinkedHashMap<>();
    inference.put("prior_role", views.roleRef(prior));
    inference.put("implies", views.roleRef(implied));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("role_inference", inference);
    body.put("links", Map.of("self", views.links().url("/roles/" + prior.id() + "/implies/" + implied.id())));
    return body;
  }

  /** Every rule, grouped by prior role; Keystone sends no collection links here. */
  private void inferences(HttpServerExchange exchange) {
    policy.admin(exchange, "list_role_inference_rules");
    Map<String, List<Map<String, Object>>> byPrior = new LinkedHashMap<>();
    Map<String, Role> roles = new LinkedHashMap<>();
    for (ImpliedRole rule : store.roles().listImplied()) {
      Role implied = roles.computeIfAbsent(rule.impliedRoleId(), lookups::role);
      roles.computeIfAbsent(rule.priorRoleId(), lookups::role);
      byPrior.computeIfAbsent(rule.priorRoleId(), k -> new ArrayList<>()).add(views.roleRef(implied));
    }
    List<Map<String, Object>> inferences = new ArrayList<>();
    byPrior.forEach((priorId, implies) -> {
      Map<String, Object> inference = new LinkedHashMap<>();
      inference.put("prior_role", views.roleRef(roles.get(priorId)));
      inference.put("implies", implies);
      inferences.add(inference);
    });
    Responses.ok(exchange, Map.of("role_inferences", inferences));
  }
}
