package io.tokenless.roles.http;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.Directory;
import io.tokenless.roles.resolve.RoleLookup;

/** Answers a {@link LookupQuery}: names to ids through the directory, then the role lookup. */
final class LookupService {
  private final RoleLookup lookup;
  private final Directory directory;

  LookupService(RoleLookup lookup, Directory directory) {
    this.lookup = lookup;
    this.directory = directory;
  }

  EffectiveRoles answer(LookupQuery query) {
    String userId = query.userId() != null ? query.userId()
        : directory.userIdByPrincipal(query.principalKind(), query.principal())
            .orElseThrow(() -> new NotFoundException("no user is bound to that principal"));
    return lookup.effectiveRoles(userId, scope(query));
  }

  private Scope scope(LookupQuery query) {
    if (query.system()) {
      return Scope.system();
    }
    if (query.projectId() != null) {
      return Scope.project(query.projectId());
    }
    if (query.projectName() != null) {
      return Scope.project(directory.projectIdByName(query.projectDomain(), query.projectName())
          .orElseThrow(() -> new NotFoundException("could not find project " + query.projectName()
              + " in domain " + query.projectDomain())));
    }
    return Scope.domain(directory.domainId(query.domain())
        .orElseThrow(() -> new NotFoundException("could not find domain: " + query.domain())));
  }
}
