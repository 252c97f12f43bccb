package io.tokenless.keystone.auth;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.RoleLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an application credential lends now, by Keystone 22's rules
 * ({@code TokenModel._get_application_credential_roles}): its project, if enabled in an enabled
 * domain, and those of its roles its user still holds there (effective roles, implied ones
 * included), in the credential's order. The credential's expiry bounds its tokens' expiry when
 * they are issued; validation does not look at it again, as in Keystone.
 */
final class CredentialGrants {
  private final RoleLookup roles;
  private final EnabledScopes scopes;

  CredentialGrants(RoleLookup roles, EnabledScopes scopes) {
    this.roles = roles;
    this.scopes = scopes;
  }

  /**
   * What {@code credential} grants its user now.
   *
   * @throws DelegationRefusedException (401) when its project is disabled or gone, or none of its
   *     roles is held any more
   */
  Grant grant(ApplicationCredential credential) throws DelegationRefusedException {
    TokenScope.ProjectScope scope = scopes.project(credential.projectId()).orElseThrow(
        () -> DelegationRefusedException.unauthenticated("project of application credential " + credential.id()
            + " is disabled or gone"));
    Map<String, RoleRef> held = new LinkedHashMap<>();
    try {
      roles.effectiveRoles(credential.userId(), Scope.project(credential.projectId())).roles()
          .forEach(r -> held.put(r.id(), r));
    } catch (NotFoundException e) {
      throw DelegationRefusedException.unauthenticated("user or project of application credential "
          + credential.id() + " is gone");
    }
    List<RoleRef> lent = new ArrayList<>();
    for (String roleId : credential.roleIds()) {
      RoleRef role = held.get(roleId);
      if (role != null) {
        lent.add(role);
      }
    }
    if (lent.isEmpty()) {
      throw DelegationRefusedException.unauthenticated("user of application credential " + credential.id()
          + " holds none of its roles any more");
    }
    return new Grant(scope, lent, new Delegation.ByApplicationCredential(credential));
  }
}
