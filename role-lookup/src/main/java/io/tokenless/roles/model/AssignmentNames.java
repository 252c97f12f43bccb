package io.tokenless.roles.model;

import java.util.Map;
import java.util.Optional;

/**
 * Names for the ids a list of assignments mentions, as Keystone's {@code include_names} shows
 * them. Ids that no longer exist are simply absent.
 */
public record AssignmentNames(Map<String, Role> roles, Map<String, User> users, Map<String, Group> groups,
    Map<String, Project> projects, Map<String, Domain> domains) {
  public AssignmentNames {
    roles = Map.copyOf(roles);
    users = Map.copyOf(users);
    groups = Map.copyOf(groups);
    projects = Map.copyOf(projects);
    domains = Map.copyOf(domains);
  }

  public Optional<Role> role(String id) {
    return Optional.ofNullable(roles.get(id));
  }

  public Optional<User> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  public Optional<Group> group(String id) {
    return Optional.ofNullable(groups.get(id));
  }

  public Optional<Project> project(String id) {
    return Optional.ofNullable(projects.get(id));
  }

  /** Domains of every named object (users', groups', projects', domain roles') and targets. */
  public Optional<Domain> domain(String id) {
    return Optional.ofNullable(domains.get(id));
  }
}
