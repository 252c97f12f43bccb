package io.tokenless.http.auth;

import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.model.DomainScope;
import io.tokenless.roles.model.ProjectScope;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.SystemScope;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/auth/whoami}: the caller as Tokenless sees it — how it authenticated, which
 * principal, which user — and its effective roles on the scope the request names. The first
 * thing to try with a fresh ticket or certificate.
 */
public final class WhoamiRoutes {
  /** Cache key for the names of a scope. */
  private record ScopeNames(Scope scope) {}

  private final RoleStore store;
  private final CachingRoleLookup cache;

  public WhoamiRoutes(RoleStore store, CachingRoleLookup cache) {
    this.store = store;
    this.cache = cache;
  }

  public RoutingHandler routes() {
    return Routes.create().get("/v1/auth/whoami", this::whoami);
  }

  private void whoami(HttpServerExchange exchange) {
    AuthenticatedRequest caller = AuthenticatedRequest.require(exchange);
    ResolvedUser user = caller.user();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("mechanism", user.principal().mechanism());
    body.put("principal", user.principal().name());
    body.put("user", Map.of("id", user.user().id(), "name", user.user().name(),
        "domain", Map.of("id", user.domain().id(), "name", user.domain().name())));
    body.put("scope", caller.scope().map(scope -> cache.remember(new ScopeNames(scope), () -> describe(scope)))
        .orElse(null));
    body.put("roles", caller.roles().stream().map(role -> Map.of("id", role.id(), "name", role.name())).toList());
    Json.send(exchange, 200, body);
  }

  private Map<String, Object> describe(Scope scope) {
    if (scope instanceof ProjectScope project) {
      var found = store.projects().get(project.projectId());
      var domain = store.domains().get(found.domainId());
      return Map.of("project", Map.of("id", found.id(), "name", found.name(),
          "domain", Map.of("id", domain.id(), "name", domain.name())));
    }
    if (scope instanceof DomainScope domainScope) {
      var domain = store.domains().get(domainScope.domainId());
      return Map.of("domain", Map.of("id", domain.id(), "name", domain.name()));
    }
    if (scope instanceof SystemScope) {
      return Map.of("system", Map.of("all", true));
    }
    return Map.of();
  }
}
