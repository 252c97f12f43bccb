package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.error.ConflictException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.DomainScope;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.ProjectScope;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.Map;

/** {@code /v3/domains}: list, create, show, update, delete (disabled domains only). */
final class DomainResource {
  private final RoleStore store;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;
  private final TokenRevocations revocations;

  DomainResource(RoleStore store, Policy policy, Views views, TokenRevocations revocations) {
    this.store = store;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
    this.revocations = revocations;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/domains", this::list);
    routes.add("HEAD", "/v3/domains", this::list);
    routes.post("/v3/domains", this::create);
    routes.get("/v3/domains/{domain_id}", this::show);
    routes.add("HEAD", "/v3/domains/{domain_id}", this::show);
    routes.add("PATCH", "/v3/domains/{domain_id}", this::update);
    routes.delete("/v3/domains/{domain_id}", this::delete);
  }

  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_domains");
    var domains = store.domains().list(Requests.query(exchange, "name"), Requests.queryBoolean(exchange, "enabled"));
    Responses.ok(exchange, views.links().collection(exchange, "domains", domains.stream().map(views::domain).toList()));
  }

  private void create(HttpServerExchange exchange) {
    policy.admin(exchange, "create_domain");
    ObjectNode body = Requests.body(exchange, "domain");
    // Keystone (since Stein) lets an operator choose the id, e.g. to mirror another cloud.
    String explicitId = Requests.string(body, "explicit_domain_id");
    if (explicitId != null && store.domains().find(explicitId).isPresent()) {
      throw new ConflictException("Conflict occurred attempting to store domain - Duplicate ID, " + explicitId + ".");
    }
    Domain domain = new Domain(Ids.orRandom(explicitId), Requests.requiredString(body, "name"),
        Requests.string(body, "description"), Requests.bool(body, "enabled", true));
    Domain created = Lookups.storing("domain", domain.name(), () -> store.domains().create(domain));
    Responses.created(exchange, Map.of("domain", views.domain(created)));
  }

  /** Keystone's default policy also lets a caller read the domain it (or its project) is scoped to. */
  private void show(HttpServerExchange exchange) {
    String domainId = Requests.path(exchange, "domain_id");
    Caller caller = policy.authenticated(exchange);
    boolean ownScope = caller.scope().filter(scope -> scopedTo(scope, domainId)).isPresent();
    if (!caller.isAdmin() && !ownScope) {
      throw Policy.forbidden("get_domain");
    }
    Responses.ok(exchange, Map.of("domain", views.domain(lookups.domain(domainId))));
  }

  private boolean scopedTo(Scope scope, String domainId) {
    if (scope instanceof DomainScope domain) {
      return domain.domainId().equals(domainId);
    }
    return scope instanceof ProjectScope project
        && store.projects().find(project.projectId()).filter(p -> p.domainId().equals(domainId)).isPresent();
  }

  private void update(HttpServerExchange exchange) {
    policy.admin(exchange, "update_domain");
    Domain current = lookups.domain(Requests.path(exchange, "domain_id"));
    ObjectNode body = Requests.body(exchange, "domain");
    Requests.requireMatchingId(body, current.id());
    Domain changed = new Domain(current.id(),
        body.has("name") ? Requests.requiredString(body, "name") : current.name(),
        body.has("description") ? Requests.string(body, "description") : current.description(),
        Requests.bool(body, "enabled", current.enabled()));
    Domain updated = Lookups.storing("domain", changed.name(), () -> store.domains().update(changed));
    if (current.enabled() && !updated.enabled()) {
      revocations.domainChanged(updated.id());
    }
    Responses.ok(exchange, Map.of("domain", views.domain(updated)));
  }

  /** Only a disabled domain may go; it takes its projects, users, groups and roles along. */
  private void delete(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_domain");
    Domain domain = lookups.domain(Requests.path(exchange, "domain_id"));
    if (domain.enabled()) {
      throw new ForbiddenException("Cannot delete a domain that is enabled, please disable it first.");
    }
    store.domains().delete(domain.id());
    revocations.domainChanged(domain.id());
    Responses.noContent(exchange);
  }
}
