package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.Map;

/** {@code /v3/groups}: CRUD and membership ({@code /v3/groups/{g}/users[/{u}]}). */
final class GroupResource {
  private final RoleStore store;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;

  GroupResource(RoleStore store, Policy policy, Views views) {
    this.store = store;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/groups", this::list);
    routes.add("HEAD", "/v3/groups", this::list);
    routes.post("/v3/groups", this::create);
    routes.get("/v3/groups/{group_id}", this::show);
    routes.add("HEAD", "/v3/groups/{group_id}", this::show);
    routes.add("PATCH", "/v3/groups/{group_id}", this::update);
    routes.delete("/v3/groups/{group_id}", this::delete);
    routes.get("/v3/groups/{group_id}/users", this::members);
    routes.add("HEAD", "/v3/groups/{group_id}/users", this::members);
    routes.put("/v3/groups/{group_id}/users/{user_id}", this::addMember);
    routes.add("HEAD", "/v3/groups/{group_id}/users/{user_id}", this::checkMember);
    routes.get("/v3/groups/{group_id}/users/{user_id}", this::checkMember);
    routes.delete("/v3/groups/{group_id}/users/{user_id}", this::removeMember);
  }

  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_groups");
    var groups = store.groups().list(Requests.query(exchange, "domain_id"), Requests.query(exchange, "name"));
    Responses.ok(exchange, views.links().collection(exchange, "groups", groups.stream().map(views::group).toList()));
  }

  private void create(HttpServerExchange exchange) {
    Caller caller = policy.admin(exchange, "create_group");
    ObjectNode body = Requests.body(exchange, "group");
    String name = Requests.requiredString(body, "name");
    String domainId = Requests.string(body, "domain_id");
    if (domainId == null) {
      domainId = lookups.defaultDomain(caller);
    }
    lookups.domain(domainId);
    Group group = new Group(Ids.random(), name, domainId, Requests.string(body, "description"));
    Group created = Lookups.storing("group", name, () -> store.groups().create(group));
    Responses.created(exchange, Map.of("group", views.group(created)));
  }


  private void show(HttpServerExchange exchange) {
    policy.admin(exchange, "get_group");
    Responses.ok(exchange, Map.of("group", views.group(lookups.group(Requests.path(exchange, "group_id")))));
  }

  private void update(HttpServerExchange exchange) {
    policy.admin(exchange, "update_group");
    Group current = lookups.group(Requests.path(exchange, "group_id"));
    ObjectNode body = Requests.body(exchange, "group");
    Requests.requireMatchingId(body, current.id());
    if (body.has("domain_id") && !current.domainId().equals(Requests.string(body, "domain_id"))) {
      throw new io.tokenless.error.BadRequestException("Update of `domain_id` is not allowed.");
    }
    Group changed = new Group(current.id(),
        body.has("name") ? Requests.requiredString(body, "name") : current.name(), current.domainId(),
        body.has("description") ? Requests.string(body, "description") : current.description());
    Group updated = Lookups.storing("group", changed.name(), () -> store.groups().update(changed));
    Responses.ok(exchange, Map.of("group", views.group(updated)));
  }

  private void delete(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_group");
    Group group = lookups.group(Requests.path(exchange, "group_id"));
    store.groups().delete(group.id());
    Responses.noContent(exchange);
  }

  private void members(HttpServerExchange exchange) {
    policy.admin(exchange, "list_users_in_group");
    Group group = lookups.group(Requests.path(exchange, "group_id"));
    var users = store.groups().members(group.id()).stream().map(views::user).toList();
    Responses.ok(exchange, views.links().collection(exchange, "users", users));
  }

  private void addMember(HttpServerExchange exchange) {
    policy.admin(exchange, "add_user_to_group");
    Group group = lookups.group(Requests.path(exchange, "group_id"));
    User user = lookups.user(Requests.path(exchange, "user_id"));
    store.groups().addMember(group.id(), user.id());
    Responses.noContent(exchange);
  }

  /** Keystone answers a membership check with 204, or 404 when the user is not a member. */
  private void checkMember(HttpServerExchange exchange) {
    policy.admin(exchange, "check_user_in_group");
    Group group = lookups.group(Requests.path(exchange, "group_id"));
    User user = lookups.user(Requests.path(exchange, "user_id"));
    if (!store.groups().isMember(group.id(), user.id())) {
      throw notMember(group, user);
    }
    Responses.noContent(exchange);
  }

  private void removeMember(HttpServerExchange exchange) {
    policy.admin(exchange, "remove_user_from_group");
    Group group = lookups.group(Requests.path(exchange, "group_id"));
    User user = lookups.user(Requests.path(exchange, "user_id"));
    if (!store.groups().isMember(group.id(), user.id())) {
      throw notMember(group, user);
    }
    store.groups().removeMember(group.id(), user.id());
    Responses.noContent(exchange);
  }

  private static io.tokenless.error.NotFoundException notMember(Group group, User user) {
    return new io.tokenless.error.NotFoundException(
        "User '" + user.id() + "' not found in group '" + group.id() + "'");
  }
}
