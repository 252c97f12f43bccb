package io.tokenless.gateway;

import io.tokenless.roles.model.ScopeInfo;
import java.util.List;
import java.util.Optional;

/**
 * The identity the gateway vouches for to an upstream: the user, where they act, and their
 * effective roles there; and, when a service acts on the user's behalf, that service.
 *
 * @param scope   empty for an unscoped request, whose roles are then empty
 * @param roles   role names, effective on the scope
 * @param service the service acting for the user, if any
 */
record ForwardedIdentity(String userId, String userName, String userDomainId, String userDomainName,
    Optional<ScopeInfo> scope, List<String> roles, String mechanism, Optional<ActingService> service) {

  ForwardedIdentity {
    roles = List.copyOf(roles);
  }

  /**
   * A service acting for the user.
   *
   * @param projectId the service's own project, on which it holds {@code service}
   * @param roles     the service's roles there
   */
  record ActingService(String userId, String userName, String projectId, List<String> roles) {
    ActingService {
      roles = List.copyOf(roles);
    }
  }

  boolean hasRole(String name) {
    return roles.contains(name);
  }

  /** The scope as audit events show it. */
  String scopeLabel() {
    return scope.map(info -> info.scope().targetType().key() + ":"
        + info.scope().targetId()).orElse(null);
  }
}
