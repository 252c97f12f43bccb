package io.tokenless.roles.store;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Domains: create, read, list, update, and delete (only when disabled, taking their contents along). */
public final class DomainStore {
  private final Database db;

  DomainStore(Database db) {
    this.db = db;
  }

  /** Creates {@code domain} with its id as given; a duplicate name or id is a 409. */
  public Domain create(Domain domain) {
    db.writeVoid("domain", h -> h.createUpdate(
            "INSERT INTO domains (id, name, description, enabled) VALUES (:id, :name, :description, :enabled)")
        .bindMethods(domain)
        .execute());
    return domain;
  }

  public Optional<Domain> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  /** The domain, or a 404. */
  public Domain get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  public Optional<Domain> findByName(String name) {
    return db.read(h -> h.createQuery("SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains WHERE name = :name")
        .bind("name", name)
        .map(Rows.DOMAIN)
        .findOne());
  }

  /** Domains sorted by name; {@code name} and {@code enabled} filter when not {@code null}. */
  public List<Domain> list(String name, Boolean enabled) {
    return db.read(h -> h.createQuery("SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains"
            + " WHERE (CAST(:name AS text) IS NULL OR name = :name)"
            + " AND (CAST(:enabled AS boolean) IS NULL OR enabled = :enabled) ORDER BY name, id")
        .bind("name", name)
        .bind("enabled", enabled)
        .map(Rows.DOMAIN)
        .list());
  }

  /** Replaces name, description and enabled of the domain with {@code domain.id()}. */
  public Domain update(Domain domain) {
    db.writeVoid("domain", h -> {
      int rows = h.createUpdate(
              "UPDATE domains SET name = :name, description = :description, enabled = :enabled WHERE id = :id")
          .bindMethods(domain)
          .execute();
      if (rows == 0) {
        throw notFound(domain.id());
      }
    });
    return domain;
  }

  /**
   * Deletes a disabled domain with its projects, users, groups and domain-specific roles, and
   * every assignment on or of them. An enabled domain is a 403, as in Keystone.
   */
  public void delete(String id) {
    db.writeVoid("domain", h -> {
      Domain domain = find(h, id).orElseThrow(() -> notFound(id));
      if (domain.enabled()) {
        throw new ForbiddenException("cannot delete enabled domain " + id + "; disable it first");
      }
      // Assignments have no foreign keys (actor and target each span two tables): remove the
      // ones that name anything of this domain before the rows themselves go.
      h.createUpdate("""
              DELETE FROM assignments a WHERE
                 (a.target_type = 'domain' AND a.target_id = :id)
              OR (a.target_type = 'project' AND a.target_id IN (SELECT p.id FROM projects p WHERE p.domain_id = :id))
              OR (a.actor_type = 'user' AND a.actor_id IN (SELECT u.id FROM users u WHERE u.domain_id = :id))
              OR (a.actor_type = 'group' AND a.actor_id IN (SELECT g.id FROM groups g WHERE g.domain_id = :id))
              """)
          .bind("id", id)
          .execute();
      // Projects of the domain reference each other as parents: clear that first.
      h.createUpdate("UPDATE projects SET parent_id = NULL WHERE domain_id = :id").bind("id", id).execute();
      for (String table : List.of("projects", "users", "groups", "roles")) {
        h.createUpdate("DELETE FROM " + table + " WHERE domain_id = :id").bind("id", id).execute();
      }
      h.createUpdate("DELETE FROM domains WHERE id = :id").bind("id", id).execute();
    });
  }

  static Optional<Domain> find(Handle h, String id) {
    return h.createQuery("SELECT " + Rows.DOMAIN_COLUMNS + " FROM domains WHERE id = :id")
        .bind("id", id)
        .map(Rows.DOMAIN)
        .findOne();
  }

  static Domain require(Handle h, String id) {
    if (!Ids.plausible(id)) {
      throw notFound(id);
    }
    return find(h, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find domain: " + id);
  }
}
