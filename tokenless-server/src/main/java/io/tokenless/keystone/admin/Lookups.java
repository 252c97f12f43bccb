package io.tokenless.keystone.admin;

import io.tokenless.error.ConflictException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.DomainScope;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.ProjectScope;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.util.function.Supplier;

/**
 * Reads that fail the way Keystone fails: {@code 404 "Could not find project: <id>."}. The
 * store's own messages are ours; clients show Keystone's to their users, so handlers look
 * things up here first.
 */
final class Lookups {
  private final RoleStore store;

  Lookups(RoleStore store) {
    this.store = store;
  }

  Domain domain(String id) {
    return store.domains().find(id).orElseThrow(() -> notFound("domain", id));
  }

  Project project(String id) {
    return store.projects().find(id).orElseThrow(() -> notFound("project", id));
  }

  User user(String id) {
    return store.users().find(id).orElseThrow(() -> notFound("user", id));
  }

  Group group(String id) {
    return store.groups().find(id).orElseThrow(() -> notFound("group", id));
  }

  Role role(String id) {
    return store.roles().find(id).orElseThrow(() -> notFound("role", id));
  }

  /**
   * Where Keystone puts a project, user or group created without a domain: the domain the
   * caller's credential is scoped to (a project's domain for project scope), else the default.
   */
  String defaultDomain(Caller caller) {
    Scope scope = caller.scope().orElse(null);
    if (scope instanceof DomainScope domain) {
      return domain.domainId();
    }
    if (scope instanceof ProjectScope project) {
      return store.projects().find(project.projectId()).map(Project::domainId).orElse(Ids.DEFAULT_DOMAIN);
    }
    return Ids.DEFAULT_DOMAIN;
  }

  static NotFoundException notFound(String kind, String id) {
    return new NotFoundException("Could not find " + kind + ": " + id + ".");
  }

  /**
   * Runs a write whose only expected conflict is a duplicate name, and reports it with
   * Keystone's message.
   */
  static <T> T storing(String kind, String name, Supplier<T> write) {
    try {
      return write.get();
    } catch (ConflictException e) {
      throw new ConflictException("Conflict occurred attempting to store " + kind
          + " - Duplicate entry found with name " + name + ".", e);
    }
  }
}
