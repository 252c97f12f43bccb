package io.tokenless.roles.store;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ConflictException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.ImpliedRole;
import io.tokenless.roles.model.Role;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Roles (global and domain-specific) and the implications between them. The implication graph
 * stays acyclic: a rule that would close a cycle is a 409, so every implied-role closure is
 * finite and the same whatever order rules were added in.
 */
public final class RoleDefinitionStore {
  private final Database db;
  private final Set<String> prohibitedImplied;

  RoleDefinitionStore(Database db, Set<String> prohibitedImplied) {
    this.db = db;
    this.prohibitedImplied = prohibitedImplied;
  }

  /** Creates the role; an unknown owning domain is a 404, a duplicate name a 409. */
  public Role create(Role role) {
    db.writeVoid("role", h -> {
      if (role.domainId() != null) {
        DomainStore.require(h, role.domainId());
      }
      h.createUpdate("INSERT INTO roles (id, name, domain_id, description) VALUES (:id, :name, :domainId, :description)")
          .bindMethods(role)
          .execute();
    });
    return role;
  }

  public Optional<Role> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  public Role get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  /** A role by name: global when {@code domainId} is {@code null}, else of that domain. */
  public Optional<Role> findByName(String domainId, String name) {
    return db.read(h -> h.createQuery("SELECT " + Rows.ROLE_COLUMNS + " FROM roles"
            + " WHERE name = :name AND domain_id IS NOT DISTINCT FROM :domainId")
        .bind("name", name)
        .bind("domainId", domainId)
        .map(Rows.ROLE)
        .findOne());
  }

  /**
   * Roles sorted by name. As in Keystone, {@code domainId == null} lists global roles only;
   * otherwise the roles of that domain. {@code name} filters when not {@code null}.
   */
  public List<Role> list(String domainId, String name) {
    return db.read(h -> h.createQuery("SELECT " + Rows.ROLE_COLUMNS + " FROM roles"
            + " WHERE domain_id IS NOT DISTINCT FROM :domainId"
            + " AND (CAST(:name AS text) IS NULL OR name = :name) ORDER BY name, id")
        .bind("domainId", domainId)
        .bind("name", name)
        .map(Rows.ROLE)
        .list());
  }

  /** Replaces name and description (the owning domain cannot change: 400). */
  public Role update(Role role) {
    db.writeVoid("role", h -> {
      Role current = require(h, role.id());
      if (!java.util.Objects.equals(current.domainId(), role.domainId())) {
        throw new BadRequestException("a role cannot move to another domain");
      }
      h.createUpdate("UPDATE roles SET name = :name, description = :description WHERE id = :id")
          .bindMethods(role)
          .execute();
    });
    return role;
  }

  /**
   * Deletes the role, its implication rules and every assignment of it. As in Keystone, every
   * user holding it directly on a project loses its application credentials there.
   */
  public void delete(String id) {
    db.writeVoid("role", h -> {
      require(h, id);
      h.createUpdate("""
              DELETE FROM application_credentials c USING assignments a
              WHERE a.role_id = :id AND a.actor_type = 'user' AND a.target_type = 'project'
                AND c.user_id = a.actor_id AND c.project_id = a.target_id""")
          .bind("id", id)
          .execute();
      // Assignments and implications go with it through ON DELETE CASCADE.
      h.createUpdate("DELETE FROM roles WHERE id = :id").bind("id", id).execute();
    });
  }

  /**
   * Adds "holding {@code priorId} implies holding {@code impliedId}". Refused: an existing rule,
   * a role implying itself or a rule closing a cycle (409), implying a prohibited role such as
   * {@code admin} (403), a global role implying a domain-specific one (403, as in Keystone).
   */
  public ImpliedRole addImplied(String priorId, String impliedId) {
    return db.write("implied_role", h -> {
      Role prior = require(h, priorId);
      Role implied = require(h, impliedId);
      if (prior.id().equals(implied.id())) {
        throw new ConflictException("a role cannot imply itself");
      }
      if (prohibitedImplied.contains(implied.name())) {
        throw new ForbiddenException("role " + implied.name() + " cannot be an implied role");
      }
      if (prior.isGlobal() && !implied.isGlobal()) {
        throw new ForbiddenException("a global role cannot imply a domain-specific role");
      }
      boolean cycle = h.createQuery("""
              WITH RECURSIVE reach(id) AS (
                SELECT CAST(:implied AS varchar)
                UNION
                SELECT i.implied_role_id FROM implied_roles i JOIN reach r ON i.prior_role_id = r.id
              )
              SELECT EXISTS (SELECT 1 FROM reach WHERE id = :prior)""")
          .bind("implied", impliedId)
          .bind("prior", priorId)
          .mapTo(Boolean.class)
          .one();
      if (cycle) {
        throw new ConflictException("role " + implied.name() + " already implies " + prior.name()
            + " (directly or through other roles); the rule would create a cycle");
      }
      // A duplicate rule is a 409, as Keystone's PUT answers it.
      h.createUpdate("INSERT INTO implied_roles (prior_role_id, implied_role_id) VALUES (:p, :i)")
          .bind("p", priorId)
          .bind("i", impliedId)
          .execute();
      return new ImpliedRole(priorId, impliedId);
    });
  }

  /** Whether the rule exists; unknown roles are a 404. */
  public boolean implies(String priorId, String impliedId) {
    return db.read(h -> {
      require(h, priorId);
      require(h, impliedId);
      return h.createQuery("SELECT EXISTS (SELECT 1 FROM implied_roles WHERE prior_role_id = :p AND implied_role_id = :i)")
          .bind("p", priorId)
          .bind("i", impliedId)
          .mapTo(Boolean.class)
          .one();
    });
  }

  /** Removes the rule; a rule that does not exist is a 404. */
  public void removeImplied(String priorId, String impliedId) {
    db.writeVoid("implied_role", h -> {
      int rows = h.createUpdate("DELETE FROM implied_roles WHERE prior_role_id = :p AND implied_role_id = :i")
          .bind("p", priorId)
          .bind("i", impliedId)
          .execute();
      if (rows == 0) {
        throw new NotFoundException("role " + priorId + " does not imply role " + impliedId);
      }
    });
  }

  /** The roles {@code priorId} implies directly (one step), sorted by name. */
  public List<Role> impliedBy(String priorId) {
    return db.read(h -> {
      require(h, priorId);
      return h.createQuery("""
              SELECT r.id, r.name, r.domain_id, r.description
              FROM implied_roles i JOIN roles r ON r.id = i.implied_role_id
              WHERE i.prior_role_id = :p ORDER BY r.name, r.id""")
          .bind("p", priorId)
          .map(Rows.ROLE)
          .list();
    });
  }

  /** Every implication rule ({@code GET /v3/role_inferences}). */
  public List<ImpliedRole> listImplied() {
    return db.read(h -> h.createQuery(
            "SELECT prior_role_id, implied_role_id FROM implied_roles ORDER BY prior_role_id, implied_role_id")
        .map((rs, ctx) -> new ImpliedRole(rs.getString(1), rs.getString(2)))
        .list());
  }

  static Optional<Role> find(Handle h, String id) {
    return h.createQuery("SELECT " + Rows.ROLE_COLUMNS + " FROM roles WHERE id = :id")
        .bind("id", id)
        .map(Rows.ROLE)
        .findOne();
  }

  static Role require(Handle h, String id) {
    if (!Ids.plausible(id)) {
      throw notFound(id);
    }
    return find(h, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find role: " + id);
  }
}
