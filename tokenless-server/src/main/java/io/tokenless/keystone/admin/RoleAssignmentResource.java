package io.tokenless.keystone.admin;

import io.tokenless.error.BadRequestException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.resolve.EffectiveAssignment;
import io.tokenless.roles.resolve.EffectiveAssignments;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /v3/role_assignments} in Keystone's shape: each entry names a role, a user or group
 * and a scope, with {@code links.assignment} pointing at the grant it comes from (and, for an
 * effective entry reached through a group, {@code links.membership}). With {@code effective},
 * group grants are expanded to their members, inherited grants onto the projects below, and
 * implied roles added; with {@code include_names}, every id comes with its name (and domain).
 */
final class RoleAssignmentResource {
  private final RoleStore store;
  private final EffectiveAssignments effective;
  private final Lookups lookups;
  private final Policy policy;
  private final Links links;

  RoleAssignmentResource(RoleStore store, EffectiveAssignments effective, Policy policy, Links links) {
    this.store = store;
    this.effective = effective;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.links = links;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/role_assignments", this::list);
    routes.add("HEAD", "/v3/role_assignments", this::list);
  }

  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_role_assignments");
    boolean isEffective = Requests.flag(exchange, "effective");
    boolean includeNames = Requests.flag(exchange, "include_names");
    AssignmentFilter filter = filter(exchange, isEffective);
    Names names = new Names(includeNames);
    List<Map<String, Object>> entries;
    if (isEffective) {
      entries = effective.effectiveAssignments(filter).stream().map(a -> effectiveEntry(a, names)).toList();
    } else {
      entries = store.assignments().list(filter).stream().map(a -> directEntry(a, names)).toList();
    }
    Responses.ok(exchange, links.collection(exchange, "role_assignments", entries));
  }

  /** The query filters, with Keystone's refusals of combinations that cannot match anything. */
  private AssignmentFilter filter(HttpServerExchange exchange, boolean isEffective) {
    String userId = Requests.query(exchange, "user.id");
    String groupId = Requests.query(exchange, "group.id");
    String projectId = Requests.query(exchange, "scope.project.id");
    String domainId = Requests.query(exchange, "scope.domain.id");
    boolean system = Requests.query(exchange, "scope.system") != null;
    String inheritedTo = Requests.query(exchange, "scope.OS-INHERIT:inherited_to");
    Boolean inherited = inheritedTo == null ? null : inheritedTo.equals("projects");
    boolean subtree = Requests.flag(exchange, "include_subtree");
    if (domainId != null && projectId != null) {
      throw new BadRequestException("Specify a domain or project, not both");
    }
    if (system && domainId != null) {
      throw new BadRequestException("Specify system or domain, not both");
    }
    if (system && projectId != null) {
      throw new BadRequestException("Specify system or project, not both");
    }
    if (userId != null && groupId != null) {
      throw new BadRequestException("Specify a user or group, not both");
    }
    if (isEffective && groupId != null) {
      throw new BadRequestException("Combining effective and group filter will always result in an empty list.");
    }
    if (isEffective && Boolean.TRUE.equals(inherited) && domainId != null) {
      throw new BadRequestException(
          "Combining effective, domain and inherited filters will always result in an empty list.");
    }
    if (subtree) {
      if (projectId == null) {
        throw new BadRequestException("scope.project.id must be specified if include_subtree is also specified");
      }
      lookups.project(projectId);
    }
    AssignmentFilter filter = AssignmentFilter.all().withUser(userId).withGroup(groupId)
        .withRole(Requests.query(exchange, "role.id")).withDomain(domainId).withProject(projectId, subtree)
        .withInherited(inherited);
    return system ? filter.withSystem() : filter;
  }

  /** A stored grant, as listed without {@code effective}. */
  private Map<String, Object> directEntry(Assignment assignment, Names names) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("scope", scope(assignment.target(), assignment.inherited(), names));
    entry.put(assignment.actor().type().key(), actor(assignment.actor(), names));
    entry.put("role", names.role(assignment.roleId()));
    String link = targetPath(assignment.target()) + actorPath(assignment.actor()) + "/roles/" + assignment.roleId();
    entry.put("links", Map.of("assignment", links.url(assignment.inherited() ? inherit(link) : link)));
    return entry;
  }

  /**
   * An effective role. The assignment link names the grant it comes from, as Keystone builds it:
   * the source's target when inherited (then under {@code OS-INHERIT}), the group when through a
   * group, and the granted role when the effective role is implied by it.
   */
  private Map<String, Object> effectiveEntry(EffectiveAssignment assignment, Names names) {
    Assignment effectiveRole = assignment.effective();
    Assignment source = assignment.source();
    boolean inherited = source.inherited();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("scope", scope(effectiveRole.target(), inherited, names));
    entry.put("user", actor(effectiveRole.actor(), names));
    entry.put("role", names.role(effectiveRole.roleId()));
    Map<String, Object> entryLinks = new LinkedHashMap<>();
    String link = targetPath(inherited ? source.target() : effectiveRole.target())
        + actorPath(source.actor()) + "/roles/" + source.roleId();
    entryLinks.put("assignment", links.url(inherited ? inherit(link) : link));
    if (source.actor().type() == Actor.Type.GROUP) {
      entryLinks.put("membership", links.url("/groups/" + source.actor().id() + "/users/" + effectiveRole.actor().id()));
    }
    if (assignment.implied()) {
      // Keystone builds this link with the effective role first; kept as Keystone sends it.
      entryLinks.put("prior_role", links.url("/prior_role/" + effectiveRole.roleId() + "/implies/" + source.roleId()));
    }
    entry.put("links", entryLinks);
    return entry;
  }

  private static String inherit(String link) {
    return "/OS-INHERIT" + link + "/inherited_to_projects";
  }

  private static String targetPath(Target target) {
    return switch (target.type()) {
      case PROJECT -> "/projects/" + target.id();
      case DOMAIN -> "/domains/" + target.id();
      case SYSTEM -> "/system";
    };
  }

  private static String actorPath(Actor actor) {
    return "/" + actor.type().key() + "s/" + actor.id();
  }

  private Map<String, Object> scope(Target target, boolean inherited, Names names) {
    Map<String, Object> scope = new LinkedHashMap<>();
    switch (target.type()) {
      case PROJECT -> scope.put("project", names.project(target.id()));
      case DOMAIN -> scope.put("domain", names.domain(target.id()));
      case SYSTEM -> scope.put("system", Map.of("all", true));
    }
    if (inherited) {
      scope.put("OS-INHERIT:inherited_to", "projects");
    }
    return scope;
  }

  private Map<String, Object> actor(Actor actor, Names names) {
    return actor.type() == Actor.Type.USER ? names.user(actor.id()) : names.group(actor.id());
  }

  /**
   * The {@code {id[, name, domain]}} objects of one response. Each entity is read once per
   * request however many entries name it; without {@code include_names}, nothing is read.
   */
  private final class Names {
    private final boolean include;
    private final Map<String, Optional<?>> seen = new HashMap<>();

    Names(boolean include) {
      this.include = include;
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<T> load(String kind, String id, Function<String, Optional<T>> finder) {
      return (Optional<T>) seen.computeIfAbsent(kind + ":" + id, k -> finder.apply(id));
    }

    Map<String, Object> role(String id) {
      Map<String, Object> view = idOnly(id);
      if (include) {
        load("role", id, store.roles()::find).ifPresent((Role role) -> {
          view.put("name", role.name());
          if (role.domainId() != null) {
            view.put("domain", domainRef(role.domainId()));
          }
        });
      }
      return view;
    }

    Map<String, Object> user(String id) {
      Map<String, Object> view = idOnly(id);
      if (include) {
        load("user", id, store.users()::find).ifPresent((User user) -> {
          view.put("name", user.name());
          view.put("domain", domainRef(user.domainId()));
        });
      }
      return view;
    }

    Map<String, Object> group(String id) {
      Map<String, Object> view = idOnly(id);
      if (include) {
        load("group", id, store.groups()::find).ifPresent((Group group) -> {
          view.put("name", group.name());
          view.put("domain", domainRef(group.domainId()));
        });
      }
      return view;
    }

    Map<String, Object> project(String id) {
      Map<String, Object> view = idOnly(id);
      if (include) {
        load("project", id, store.projects()::find).ifPresent((Project project) -> {
          view.put("name", project.name());
          view.put("domain", domainRef(project.domainId()));
        });
      }
      return view;
    }

    Map<String, Object> domain(String id) {
      return include ? domainRef(id) : idOnly(id);
    }

    private Map<String, Object> domainRef(String id) {
      Map<String, Object> view = idOnly(id);
      load("domain", id, store.domains()::find).ifPresent((Domain domain) -> view.put("name", domain.name()));
      return view;
    }

    private Map<String, Object> idOnly(String id) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("id", id);
      return view;
    }
  }
}
