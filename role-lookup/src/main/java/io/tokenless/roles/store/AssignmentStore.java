package io.tokenless.roles.store;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.AssignmentNames;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.User;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Role assignments as stored (Keystone's grants). Effective roles are computed elsewhere
 * ({@link SqlRoleLookup}); this class only records who was given what where.
 */
public final class AssignmentStore {
  private final Database db;

  AssignmentStore(Database db) {
    this.db = db;
  }

  /**
   * Grants the assignment; granting it again is not an error. Unknown role, actor or target is
   * a 404; a domain-specific role on a target outside its domain (or on the system) is a 403.
   */
  public void grant(Assignment assignment) {
    db.writeVoid("assignment", h -> {
      validate(h, assignment);
      h.createUpdate("""
              INSERT INTO assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)
              VALUES (:actorType, :actorId, :targetType, :targetId, :roleId, :inherited)
              ON CONFLICT DO NOTHING""")
          .bindMap(columns(assignment))
          .execute();
    });
  }

  /** Whether exactly this assignment was granted (not whether it is effective). */
  public boolean check(Assignment assignment) {
    return db.read(h -> h.createQuery("""
            SELECT EXISTS (SELECT 1 FROM assignments WHERE actor_type = :actorType AND actor_id = :actorId
              AND target_type = :targetType AND target_id = :targetId AND role_id = :roleId AND inherited = :inherited)""")
        .bindMap(columns(assignment))
        .mapTo(Boolean.class)
        .one());
  }

  /**
   * Revokes the assignment; one that was not granted is a 404. Revoking a user's role on a
   * project deletes the user's application credentials on that project, as Keystone does.
   */
  public void revoke(Assignment assignment) {
    db.writeVoid("assignment", h -> {
      int rows = h.createUpdate("""
              DELETE FROM assignments WHERE actor_type = :actorType AND actor_id = :actorId
                AND target_type = :targetType AND target_id = :targetId AND role_id = :roleId AND inherited = :inherited""")
          .bindMap(columns(assignment))
          .execute();
      if (rows == 0) {
        throw new NotFoundException("could not find role assignment with role: " + assignment.roleId()
            + ", " + assignment.actor().type().key() + ": " + assignment.actor().id() + ", "
            + assignment.target().type().key() + ": " + assignment.target().id());
      }
      if (assignment.actor().type() == Actor.Type.USER && assignment.target().type() == Target.Type.PROJECT) {
        ApplicationCredentialStore.deleteForUserOnProject(h, assignment.actor().id(), assignment.target().id());
      }
    });
  }

  /**
   * The roles granted directly to {@code actor} on {@code target} ({@code GET
   * /v3/projects/{p}/users/{u}/roles} and friends), sorted by name.
   */
  public List<Role> rolesOn(Actor actor, Target target, boolean inherited) {
    return db.read(h -> h.createQuery("""
            SELECT r.id, r.name, r.domain_id, r.description FROM assignments a JOIN roles r ON r.id = a.role_id
            WHERE a.actor_type = :actorType AND a.actor_id = :actorId AND a.target_type = :targetType
              AND a.target_id = :targetId AND a.inherited = :inherited ORDER BY r.name, r.id""")
        .bind("actorType", actor.type().key())
        .bind("actorId", actor.id())
        .bind("targetType", target.type().key())
        .bind("targetId", target.id())
        .bind("inherited", inherited)
        .map(Rows.ROLE)
        .list());
  }

  /**
   * Stored assignments matching {@code filter} ({@code GET /v3/role_assignments} without
   * {@code effective}): a user filter matches the user's own assignments only, and
   * {@code includeSubtree} widens a project filter to the projects below it.
   */
  public List<Assignment> list(AssignmentFilter filter) {
    return db.read(h -> h.createQuery("""
            WITH RECURSIVE subtree(id) AS (
              SELECT CAST(:projectId AS varchar) WHERE :includeSubtree
              UNION ALL
              SELECT p.id FROM projects p JOIN subtree s ON p.parent_id = s.id
            )
            SELECT a.actor_type, a.actor_id, a.target_type, a.target_id, a.role_id, a.inherited
            FROM assignments a
            WHERE (CAST(:userId AS text) IS NULL OR (a.actor_type = 'user' AND a.actor_id = :userId))
              AND (CAST(:groupId AS text) IS NULL OR (a.actor_type = 'group' AND a.actor_id = :groupId))
              AND (CAST(:roleId AS text) IS NULL OR a.role_id = :roleId)
              AND (CAST(:projectId AS text) IS NULL OR (a.target_type = 'project'
                   AND (a.target_id = :projectId OR a.target_id IN (SELECT id FROM subtree))))
              AND (CAST(:domainId AS text) IS NULL OR (a.target_type = 'domain' AND a.target_id = :domainId))
              AND (NOT :system OR a.target_type = 'system')
              AND (CAST(:inherited AS boolean) IS NULL OR a.inherited = :inherited)
            ORDER BY a.target_type, a.target_id, a.actor_type, a.actor_id, a.role_id, a.inherited""")
        .bindMethods(filter)
        .map(Rows.ASSIGNMENT)
        .list());
  }

  /**
   * Everything needed to name the roles, actors and targets of {@code assignments} (Keystone's
   * {@code include_names}), in five queries whatever the number of assignments.
   */
  public AssignmentNames namesFor(Collection<Assignment> assignments) {
    Set<String> roleIds = new HashSet<>();
    Set<String> userIds = new HashSet<>();
    Set<String> groupIds = new HashSet<>();
    Set<String> projectIds = new HashSet<>();
    Set<String> domainIds = new HashSet<>();
    for (Assignment a : assignments) {
      roleIds.add(a.roleId());
      (a.actor().type() == Actor.Type.USER ? userIds : groupIds).add(a.actor().id());
      switch (a.target().type()) {
        case PROJECT -> projectIds.add(a.target().id());
        case DOMAIN -> domainIds.add(a.target().id());
        case SYSTEM -> { }
      }
    }
    return db.read(h -> {
      Map<String, Role> roles = byId(h, "SELECT " + Rows.ROLE_COLUMNS + " FROM roles WHERE id = ANY(:ids)", roleIds,
          Rows.ROLE, Role::id);
      Map<String, User> users = byId(h, "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = ANY(:ids)", userIds,
          Rows.USER, User::id);
      Map<String, Group> groups = byId(h, "SELECT " + Rows.GROUP_COLUMNS + " FROM groups WHERE id = ANY(:ids)",
          groupIds, Rows.GROUP, Group::id);
      Map<String, Project> projects = byId(h, "SELECT " + Rows.PROJECT_COLUMNS + " FROM projects WHERE id = ANY(:ids)",
          projectIds, Rows.PROJECT, Project::id);
      roles.values().forEach(r -> {
        if (r.domainId() != null) {
          domainIds.add(r.domainId());
        }
      });
      users.values().forEach(u -> domainIds.add(u.domainId()));
      groups.values().forEach(g -> domainIds.add(g.domainId()));
      projects.values().forEach(p -> domainIds.add(p.domainId()));
      Map<String, Domain> domains = byId(h, "SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains WHERE id = ANY(:ids)",
          domainIds, Rows.DOMAIN, Domain::id);
      return new AssignmentNames(roles, users, groups, projects, domains);
    });
  }

  private static <T> Map<String, T> byId(Handle h, String sql, Set<String> ids, RowMapper<T> mapper,
      Function<T, String> id) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Map<String, T> out = new HashMap<>();
    h.createQuery(sql).bindArray("ids", String.class, ids).map(mapper).forEach(row -> out.put(id.apply(row), row));
    return out;
  }

  private static void validate(Handle h, Assignment assignment) {
    Role role = RoleDefinitionStore.require(h, assignment.roleId());
    switch (assignment.actor().type()) {
      case USER -> UserStore.require(h, assignment.actor().id());
      case GROUP -> GroupStore.require(h, assignment.actor().id());
    }
    String targetDomain = switch (assignment.target().type()) {
      case PROJECT -> {
        Project project = ProjectStore.require(h, assignment.target().id());
        yield project.domainId();
      }
      case DOMAIN -> DomainStore.require(h, assignment.target().id()).id();
      case SYSTEM -> null;
    };
    // Keystone: a domain-specific role may only be assigned within its own domain.
    if (!role.isGlobal() && !role.domainId().equals(targetDomain)) {
      throw new ForbiddenException("domain-specific role " + role.name() + " of domain " + role.domainId()
          + " cannot be assigned outside that domain");
    }
  }

  private static java.util.Map<String, Object> columns(Assignment a) {
    return java.util.Map.of(
        "actorType", a.actor().type().key(),
        "actorId", a.actor().id(),
        "targetType", a.target().type().key(),
        "targetId", a.target().id(),
        "roleId", a.roleId(),
        "inherited", a.inherited());
  }
}
