package io.tokenless.keystone.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.resolve.EffectiveAssignment;
import io.tokenless.roles.resolve.EffectiveAssignments;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v3/users}: CRUD, the self-service password change, and a user's groups and projects.
 * Passwords go straight to the store's hasher and are never echoed or logged.
 */
final class UserResource {
  private static final Logger log = LoggerFactory.getLogger(UserResource.class);

  /** Body fields with a meaning of their own; any other field is kept as an extra attribute. */
  private static final Set<String> KNOWN = Set.of("id", "name", "domain_id", "enabled", "password",
      "default_project_id", "description", "options", "federated", "links", "password_expires_at");

  private final RoleStore store;
  private final EffectiveAssignments effective;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;
  private final TokenRevocations revocations;

  UserResource(RoleStore store, EffectiveAssignments effective, Policy policy, Views views,
      TokenRevocations revocations) {
    this.store = store;
    this.effective = effective;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
    this.revocations = revocations;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/users", this::list);
    routes.add("HEAD", "/v3/users", this::list);
    routes.post("/v3/users", this::create);
    routes.get("/v3/users/{user_id}", this::show);
    routes.add("HEAD", "/v3/users/{user_id}", this::show);
    routes.add("PATCH", "/v3/users/{user_id}", this::update);
    routes.delete("/v3/users/{user_id}", this::delete);
    routes.post("/v3/users/{user_id}/password", this::changePassword);
    routes.get("/v3/users/{user_id}/groups", this::groups);
    routes.add("HEAD", "/v3/users/{user_id}/groups", this::groups);
    routes.get("/v3/users/{user_id}/projects", this::projects);
    routes.add("HEAD", "/v3/users/{user_id}/projects", this::projects);
  }

  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_users");
    List<User> users = store.users().list(Requests.query(exchange, "domain_id"), Requests.query(exchange, "name"),
        Requests.queryBoolean(exchange, "enabled"));
    Responses.ok(exchange, views.links().collection(exchange, "users", users.stream().map(views::user).toList()));
  }

  private void create(HttpServerExchange exchange) {
    Caller caller = policy.admin(exchange, "create_user");
    ObjectNode body = Requests.body(exchange, "user");
    String name = Requests.requiredString(body, "name");
    String domainId = Requests.string(body, "domain_id");
    if (domainId == null) {
      domainId = lookups.defaultDomain(caller);
    }
    lookups.domain(domainId);
    char[] password = password(body);
    User user = new User(Ids.random(), name, domainId, Requests.bool(body, "enabled", true),
        Requests.string(body, "default_project_id"), Requests.string(body, "description"),
        extrasJson(body, Map.of()));
    try {
      User created = Lookups.storing("user", name, () -> store.users().create(user, password));
      log.info("user {} ({}) created in domain {}", created.id(), created.name(), created.domainId());
      Responses.created(exchange, Map.of("user", views.user(created)));
    } finally {
      clear(password);
    }
  }


  private void show(HttpServerExchange exchange) {
    String userId = Requests.path(exchange, "user_id");
    policy.adminOrSelf(exchange, userId, "get_user");
    Responses.ok(exchange, Map.of("user", views.user(lookups.user(userId))));
  }

  private void update(HttpServerExchange exchange) {
    policy.admin(exchange, "update_user");
    User current = lookups.user(Requests.path(exchange, "user_id"));
    ObjectNode body = Requests.body(exchange, "user");
    Requests.requireMatchingId(body, current.id());
    if (body.has("domain_id") && !current.domainId().equals(Requests.string(body, "domain_id"))) {
      throw new BadRequestException("Update of `domain_id` is not allowed.");
    }
    char[] password = password(body);
    try {
      User changed = new User(current.id(),
          body.has("name") ? Requests.requiredString(body, "name") : current.name(),
          current.domainId(), Requests.bool(body, "enabled", current.enabled()),
          body.has("default_project_id") ? Requests.string(body, "default_project_id") : current.defaultProjectId(),
          body.has("description") ? Requests.string(body, "description") : current.description(),
          extrasJson(body, Views.extras(current)));
      User updated = Lookups.storing("user", changed.name(), () -> store.users().update(changed));
      if (body.has("password")) {
        store.users().setPassword(updated.id(), password);
        log.info("password of user {} set by an administrator", updated.id());
      }
      if (body.has("password") || (current.enabled() && !updated.enabled())) {
        revocations.userChanged(updated.id());
      }
      Responses.ok(exchange, Map.of("user", views.user(updated)));
    } finally {
      clear(password);
    }
  }

  private void delete(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_user");
    User user = lookups.user(Requests.path(exchange, "user_id"));
    store.users().delete(user.id());
    revocations.userChanged(user.id());
    Responses.noContent(exchange);
  }

  /**
   * {@code POST /v3/users/{id}/password}. Keystone checks no policy here: knowing the original
   * password is the proof, so a user whose password expired can still change it. A caller
   * authenticated as someone else is refused, as nobody changes another's password this way.
   */
  private void changePassword(HttpServerExchange exchange) {
    String userId = Requests.path(exchange, "user_id");
    ObjectNode body = Requests.body(exchange, "user");
    String original = Requests.requiredString(body, "original_password");
    String replacement = Requests.requiredString(body, "password");
    Optional<Caller> caller = policy.caller(exchange);
    if (caller.isPresent() && !caller.get().userId().equals(userId)) {
      throw Policy.forbidden("change_password");
    }
    char[] originalChars = original.toCharArray();
    char[] replacementChars = replacement.toCharArray();
    try {
      // A disabled user cannot change a password either, as Keystone authenticates first.
      boolean usable = store.users().find(userId).map(User::enabled).orElse(false);
      if (!store.users().verifyPassword(userId, originalChars) || !usable) {
        log.info("password change for user {} refused: wrong original password, or no such enabled user", userId);
        throw new UnauthenticatedException("Error when changing user password: Invalid user / password", List.of());
      }
      store.users().setPassword(userId, replacementChars);
      revocations.userChanged(userId);
      log.info("user {} changed their password", userId);
    } finally {
      clear(originalChars);
      clear(replacementChars);
    }
    Responses.noContent(exchange);
  }

  private void groups(HttpServerExchange exchange) {
    String userId = Requests.path(exchange, "user_id");
    policy.adminOrSelf(exchange, userId, "list_groups_for_user");
    lookups.user(userId);
    var groups = store.groups().groupsOf(userId).stream().map(views::group).toList();
    Responses.ok(exchange, views.links().collection(exchange, "groups", groups));
  }

  /** The projects on which the user holds any role, directly, through groups or by inheritance. */
  private void projects(HttpServerExchange exchange) {
    String userId = Requests.path(exchange, "user_id");
    policy.adminOrSelf(exchange, userId, "list_user_projects");
    lookups.user(userId);
    Set<String> projectIds = new LinkedHashSet<>();
    for (EffectiveAssignment assignment : effective.effectiveAssignments(AssignmentFilter.all().withUser(userId))) {
      if (assignment.effective().target().type() == Target.Type.PROJECT) {
        projectIds.add(assignment.effective().target().id());
      }
    }
    Boolean enabled = Requests.queryBoolean(exchange, "enabled");
    String name = Requests.query(exchange, "name");
    String domainId = Requests.query(exchange, "domain_id");
    List<Map<String, Object>> projects = projectIds.stream()
        .map(id -> store.projects().find(id))
        .flatMap(Optional::stream)
        .filter(p -> enabled == null || p.enabled() == enabled)
        .filter(p -> name == null || p.name().equals(name))
        .filter(p -> domainId == null || p.domainId().equals(domainId))
        .sorted(java.util.Comparator.comparing(Project::name).thenComparing(Project::id))
        .map(views::project)
        .toList();
    Responses.ok(exchange, views.links().collection(exchange, "projects", projects));
  }

  /** The {@code password} field: absent or null means none. */
  private static char[] password(ObjectNode body) {
    String password = Requests.string(body, "password");
    return password == null ? null : password.toCharArray();
  }

  /** Keystone keeps attributes it does not know (e.g. {@code email}) and returns them. */
  private static String extrasJson(ObjectNode body, Map<String, Object> current) {
    Map<String, Object> extras = new LinkedHashMap<>(current);
    body.fields().forEachRemaining(field -> {
      if (!KNOWN.contains(field.getKey())) {
        extras.put(field.getKey(), Json.MAPPER.convertValue(field.getValue(), Object.class));
      }
    });
    if (extras.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.writeValueAsString(extras);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("extra attributes not serialisable", e);
    }
  }

  private static void clear(char[] secret) {
    if (secret != null) {
      Arrays.fill(secret, '\0');
    }
  }
}
