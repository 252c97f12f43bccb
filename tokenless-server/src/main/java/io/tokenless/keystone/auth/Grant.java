package io.tokenless.keystone.auth;

import io.tokenless.roles.model.RoleRef;
import java.util.List;
import java.util.Objects;

/**
 * What a token carries besides its user: the scope, the roles on it now and where they come from.
 *
 * @param roles empty only for an unscoped token (a scoped one without roles is refused)
 */
record Grant(TokenScope scope, List<RoleRef> roles, Delegation delegation) {
  Grant {
    Objects.requireNonNull(scope, "scope");
    roles = List.copyOf(roles);
    Objects.requireNonNull(delegation, "delegation");
  }
}
