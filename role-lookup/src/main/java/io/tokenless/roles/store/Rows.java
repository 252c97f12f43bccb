package io.tokenless.roles.store;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers for the model records; column lists below match them. */
final class Rows {
  static final String DOMAIN_COLUMNS = "id, name, description, enabled";
  static final String PROJECT_COLUMNS = "id, name, domain_id, parent_id, description, enabled";
  static final String USER_COLUMNS = "id, name, domain_id, enabled, default_project_id, description, extra::text AS extra";
  static final String GROUP_COLUMNS = "id, name, domain_id, description";
  static final String ROLE_COLUMNS = "id, name, domain_id, description";
  static final String ASSIGNMENT_COLUMNS = "actor_type, actor_id, target_type, target_id, role_id, inherited";

  static final RowMapper<Domain> DOMAIN = (rs, ctx) -> new Domain(rs.getString("id"), rs.getString("name"),
      rs.getString("description"), rs.getBoolean("enabled"));

  static final RowMapper<Project> PROJECT = (rs, ctx) -> new Project(rs.getString("id"), rs.getString("name"),
      rs.getString("domain_id"), rs.getString("parent_id"), rs.getString("description"), rs.getBoolean("enabled"));

  static final RowMapper<User> USER = (rs, ctx) -> new User(rs.getString("id"), rs.getString("name"),
      rs.getString("domain_id"), rs.getBoolean("enabled"), rs.getString("default_project_id"),
      rs.getString("description"), rs.getString("extra"));

  static final RowMapper<Group> GROUP = (rs, ctx) -> new Group(rs.getString("id"), rs.getString("name"),
      rs.getString("domain_id"), rs.getString("description"));

  static final RowMapper<Role> ROLE = (rs, ctx) -> new Role(rs.getString("id"), rs.getString("name"),
      rs.getString("domain_id"), rs.getString("description"));

  static final RowMapper<Assignment> ASSIGNMENT = (rs, ctx) -> new Assignment(rs.getString("role_id"),
      new Actor(Actor.Type.valueOf(rs.getString("actor_type").toUpperCase(java.util.Locale.ROOT)),
          rs.getString("actor_id")),
      new Target(Target.Type.ofKey(rs.getString("target_type")), rs.getString("target_id")),
      rs.getBoolean("inherited"));

  private Rows() {}
}
