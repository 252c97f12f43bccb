package io.tokenless.roles.store;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Projects and their hierarchy, with Keystone's rules: a parent lives in the same domain, no
 * project is created in a branch with a disabled project, a project cannot be enabled below a
 * disabled ancestor nor disabled above enabled projects, and a project with children cannot be
 * deleted.
 */
public final class ProjectStore {
  // The first disabled project among :id and its ancestors.
  private static final String UP_DISABLED = """
      WITH RECURSIVE up(id, parent_id, enabled) AS (
        SELECT id, parent_id, enabled FROM projects WHERE id = :id
        UNION ALL
        SELECT p.id, p.parent_id, p.enabled FROM projects p JOIN up ON p.id = up.parent_id
      )
      SELECT id FROM up WHERE NOT enabled LIMIT 1""";

  // Whether any project below :id is enabled.
  private static final String DOWN_ENABLED = """
      WITH RECURSIVE down(id, enabled) AS (
        SELECT id, enabled FROM projects WHERE parent_id = :id
        UNION ALL
        SELECT p.id, p.enabled FROM projects p JOIN down ON p.parent_id = down.id
      )
      SELECT EXISTS (SELECT 1 FROM down WHERE enabled)""";

  private final Database db;

  ProjectStore(Database db) {
    this.db = db;
  }

  /** Creates the project; unknown domain or parent is a 404, a parent in another domain a 400. */
  public Project create(Project project) {
    db.writeVoid("project", h -> {
      DomainStore.require(h, project.domainId());
      if (project.parentId() != null) {
        Project parent = require(h, project.parentId());
        if (!parent.domainId().equals(project.domainId())) {
          throw new BadRequestException("the parent project " + parent.id() + " is in another domain");
        }
        // Keystone: no new project in a branch that contains a disabled project.
        String disabled = h.createQuery(UP_DISABLED)
            .bind("id", parent.id())
            .mapTo(String.class)
            .findOne()
            .orElse(null);
        if (disabled != null) {
          throw new BadRequestException("cannot create a project in a branch containing a disabled project: "
              + disabled);
        }
      }
      h.createUpdate("""
              INSERT INTO projects (id, name, domain_id, parent_id, description, enabled)
              VALUES (:id, :name, :domainId, :parentId, :description, :enabled)""")
          .bindMethods(project)
          .execute();
    });
    return project;
  }

  public Optional<Project> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  public Project get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  public Optional<Project> findByName(String domainId, String name) {
    return db.read(h -> h.createQuery(
            "SELECT " + Rows.PROJECT_COLUMNS + " FROM projects WHERE domain_id = :domainId AND name = :name")
        .bind("domainId", domainId)
        .bind("name", name)
        .map(Rows.PROJECT)
        .findOne());
  }

  /**
   * Projects sorted by name; each non-null argument filters. {@code parentId} matches direct
   * children only.
   */
  public List<Project> list(String domainId, String name, String parentId, Boolean enabled) {
    return db.read(h -> h.createQuery("SELECT " + Rows.PROJECT_COLUMNS + " FROM projects"
            + " WHERE (CAST(:domainId AS text) IS NULL OR domain_id = :domainId)"
            + " AND (CAST(:name AS text) IS NULL OR name = :name)"
            + " AND (CAST(:parentId AS text) IS NULL OR parent_id = :parentId)"
            + " AND (CAST(:enabled AS boolean) IS NULL OR enabled = :enabled) ORDER BY name, id")
        .bind("domainId", domainId)
        .bind("name", name)
        .bind("parentId", parentId)
        .bind("enabled", enabled)
        .map(Rows.PROJECT)
        .list());
  }

  /** The project's ancestors, nearest first. */
  public List<Project> ancestors(String id) {
    return db.read(h -> {
      require(h, id);
      return h.createQuery("""
              WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM projects WHERE id = :id
                UNION ALL
                SELECT p.id, p.parent_id, up.depth + 1 FROM projects p JOIN up ON p.id = up.parent_id
              )
              SELECT p.id, p.name, p.domain_id, p.parent_id, p.description, p.enabled
              FROM up JOIN projects p ON p.id = up.id WHERE up.depth > 0 ORDER BY up.depth""")
          .bind("id", id)
          .map(Rows.PROJECT)
          .list();
    });
  }

  /** Every project below this one (not itself), parents before children. */
  public List<Project> subtree(String id) {
    return db.read(h -> {
      require(h, id);
      return h.createQuery("""
              WITH RECURSIVE down(id, depth) AS (
                SELECT id, 0 FROM projects WHERE parent_id = :id
                UNION ALL
                SELECT p.id, down.depth + 1 FROM projects p JOIN down ON p.parent_id = down.id
              )
              SELECT p.id, p.name, p.domain_id, p.parent_id, p.description, p.enabled
              FROM down JOIN projects p ON p.id = down.id ORDER BY down.depth, p.name""")
          .bind("id", id)
          .map(Rows.PROJECT)
          .list();
    });
  }

  /**
   * Replaces name, description and enabled. Another domain is a 400, another parent a 403 (as in
   * Keystone); enabling below a disabled ancestor or disabling above enabled projects is a 403.
   */
  public Project update(Project project) {
    db.writeVoid("project", h -> {
      Project current = require(h, project.id());
      if (!current.domainId().equals(project.domainId())) {
        throw new BadRequestException("a project cannot move to another domain");
      }
      if (!java.util.Objects.equals(current.parentId(), project.parentId())) {
        throw new ForbiddenException("update of the parent project is not allowed");
      }
      if (project.enabled() && !current.enabled() && project.parentId() != null
          && h.createQuery(UP_DISABLED).bind("id", project.parentId()).mapTo(String.class).findOne().isPresent()) {
        throw new ForbiddenException("cannot enable project " + project.id() + " since it has disabled parents");
      }
      if (!project.enabled() && current.enabled()) {
        boolean enabledBelow = h.createQuery(DOWN_ENABLED)
            .bind("id", project.id())
            .mapTo(Boolean.class)
            .one();
        if (enabledBelow) {
          throw new ForbiddenException("cannot disable project " + project.id()
              + " since its subtree contains enabled projects");
        }
      }
      h.createUpdate("UPDATE projects SET name = :name, description = :description, enabled = :enabled WHERE id = :id")
          .bindMethods(project)
          .execute();
    });
    return project;
  }

  /** Deletes a project without children, and every assignment on it. */
  public void delete(String id) {
    db.writeVoid("project", h -> {
      require(h, id);
      boolean hasChildren = h.createQuery("SELECT EXISTS (SELECT 1 FROM projects WHERE parent_id = :id)")
          .bind("id", id)
          .mapTo(Boolean.class)
          .one();
      if (hasChildren) {
        throw new ForbiddenException("cannot delete project " + id + ": it has child projects");
      }
      h.createUpdate("DELETE FROM assignments WHERE target_type = 'project' AND target_id = :id")
          .bind("id", id)
          .execute();
      h.createUpdate("DELETE FROM projects WHERE id = :id").bind("id", id).execute();
    });
  }

  static Optional<Project> find(Handle h, String id) {
    return h.createQuery("SELECT " + Rows.PROJECT_COLUMNS + " FROM projects WHERE id = :id")
        .bind("id", id)
        .map(Rows.PROJECT)
        .findOne();
  }

  static Project require(Handle h, String id) {
    if (!Ids.plausible(id)) {
      throw notFound(id);
    }
    return find(h, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find project: " + id);
  }
}
