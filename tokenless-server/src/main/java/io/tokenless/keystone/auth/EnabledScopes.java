package io.tokenless.keystone.auth;

import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.store.RoleStore;
import java.util.Optional;

/** Scopes a token can still carry: a project that is enabled, in an enabled domain. */
final class EnabledScopes {
  private final RoleStore store;

  EnabledScopes(RoleStore store) {
    this.store = store;
  }

  /** The project and its domain, or empty when either is disabled or gone. */
  Optional<TokenScope.ProjectScope> project(String projectId) {
    Optional<Project> project = store.projects().find(projectId).filter(Project::enabled);
    Optional<Domain> domain = project.flatMap(p -> store.domains().find(p.domainId())).filter(Domain::enabled);
    return domain.map(d -> new TokenScope.ProjectScope(project.get(), d));
  }
}
