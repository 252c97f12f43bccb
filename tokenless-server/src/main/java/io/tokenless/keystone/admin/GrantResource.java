package io.tokenless.keystone.admin;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.List;
import java.util.Map;

/**
 * Role grants: {@code PUT|HEAD|GET|DELETE /v3/{projects|domains}/{id}/{users|groups}/{actor}/roles/{role}}
 * and the listing without {@code {role}}, the same under {@code /v3/system/{users|groups}} and,
 * for grants inherited by the projects below a domain or project, under {@code /v3/OS-INHERIT}
 * with the {@code /inherited_to_projects} suffix. Grant, check and revoke answer {@code 204}.
 */
final class GrantResource {
  private static final String INHERITED = "/inherited_to_projects";

  private final RoleStore store;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;
  private final TokenRevocations revocations;

  GrantResource(RoleStore store, Policy policy, Views views, TokenRevocations revocations) {
    this.store = store;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
    this.revocations = revocations;
  }

  /** How one family of grant paths names its target and actor. */
  private record Family(Target.Type targetType, String targetParam, Actor.Type actorType, String actorParam,
      boolean inherited) {

    String policySuffix() {
      return targetType == Target.Type.SYSTEM ? "_system_grant_for_" + actorType.key() : "_grant";
    }
  }

  void register(RoutingHandler routes) {
    for (Actor.Type actorType : Actor.Type.values()) {
      String actors = actorType.key() + "s";
      String actorParam = actorType.key() + "_id";
      for (Target.Type targetType : List.of(Target.Type.PROJECT, Target.Type.DOMAIN)) {
        String targets = targetType.key() + "s";
        String targetParam = targetType.key() + "_id";
        String base = "/" + targets + "/{" + targetParam + "}/" + actors + "/{" + actorParam + "}/roles";
        register(routes, "/v3" + base, "", new Family(targetType, targetParam, actorType, actorParam, false));
        register(routes, "/v3/OS-INHERIT" + base, INHERITED,
            new Family(targetType, targetParam, actorType, actorParam, true));
      }
      register(routes, "/v3/system/" + actors + "/{" + actorParam + "}/roles", "",
          new Family(Target.Type.SYSTEM, null, actorType, actorParam, false));
    }
  }

  private void register(RoutingHandler routes, String base, String suffix, Family family) {
    routes.get(base + suffix, exchange -> list(exchange, family));
    routes.add("HEAD", base + suffix, exchange -> list(exchange, family));
    String one = base + "/{role_id}" + suffix;
    routes.put(one, exchange -> grant(exchange, family));
    routes.get(one, exchange -> check(exchange, family));
    routes.add("HEAD", one, exchange -> check(exchange, family));
    routes.delete(one, exchange -> revoke(exchange, family));
  }

  private void grant(HttpServerExchange exchange, Family family) {
    policy.admin(exchange, "create" + family.policySuffix());
    Assignment assignment = assignment(exchange, family);
    store.assignments().grant(assignment);
    Responses.noContent(exchange);
  }

  private void check(HttpServerExchange exchange, Family family) {
    policy.admin(exchange, "check" + family.policySuffix());
    Assignment assignment = assignment(exchange, family);
    if (!store.assignments().check(assignment)) {
      throw notGranted(assignment);
    }
    Responses.noContent(exchange);
  }

  private void revoke(HttpServerExchange exchange, Family family) {
    policy.admin(exchange, "revoke" + family.policySuffix());
    Assignment assignment = assignment(exchange, family);
    if (!store.assignments().check(assignment)) {
      throw notGranted(assignment);
    }
    store.assignments().revoke(assignment);
    if (assignment.actor().type() == Actor.Type.USER) {
      revocations.grantRevoked(assignment);
    }
    Responses.noContent(exchange);
  }

  /** The roles granted directly (not through groups or inheritance) to the actor on the target. */
  private void list(HttpServerExchange exchange, Family family) {
    policy.admin(exchange, "list" + (family.targetType() == Target.Type.SYSTEM
        ? "_system_grants_for_" + family.actorType().key() : "_grants"));
    Actor actor = actor(exchange, family);
    Target target = target(exchange, family);
    List<Map<String, Object>> roles = store.assignments().rolesOn(actor, target, family.inherited()).stream()
        .map(views::role).toList();
    Responses.ok(exchange, views.links().collection(exchange, "roles", roles));
  }

  /** The assignment named by the path; each part must exist (Keystone's 404 messages). */
  private Assignment assignment(HttpServerExchange exchange, Family family) {
    Role role = lookups.role(Requests.path(exchange, "role_id"));
    return new Assignment(role.id(), actor(exchange, family), target(exchange, family), family.inherited());
  }

  private Actor actor(HttpServerExchange exchange, Family family) {
    String id = Requests.path(exchange, family.actorParam());
    return switch (family.actorType()) {
      case USER -> Actor.user(lookups.user(id).id());
      case GROUP -> Actor.group(lookups.group(id).id());
    };
  }

  private Target target(HttpServerExchange exchange, Family family) {
    return switch (family.targetType()) {
      case PROJECT -> Target.project(lookups.project(Requests.path(exchange, family.targetParam())).id());
      case DOMAIN -> Target.domain(lookups.domain(Requests.path(exchange, family.targetParam())).id());
      case SYSTEM -> Target.system();
    };
  }

  private static NotFoundException notGranted(Assignment assignment) {
    return new NotFoundException("Could not find role assignment with role: " + assignment.roleId()
        + ", user or group: " + assignment.actor().id() + ", project, domain, or system: "
        + assignment.target().id() + ".");
  }
}
