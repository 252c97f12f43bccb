package io.tokenless.roles.model;

import java.util.List;
import java.util.Objects;

/**
 * The roles a user holds on a scope, after groups, inheritance and implication, as of a store
 * revision. An empty list means the user may do nothing there (including when the user, the
 * domain or a project on the way is disabled).
 *
 * @param user     who, with names
 * @param scope    where, with names
 * @param roles    sorted by name, no duplicates; global roles only
 * @param revision the store revision the answer was computed at
 */
public record EffectiveRoles(Subject user, ScopeInfo scope, List<RoleRef> roles, long revision) {
  public EffectiveRoles {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(scope, "scope");
    roles = List.copyOf(roles);
  }

  public String userId() {
    return user.id();
  }

  public boolean has(String roleName) {
    return roles.stream().anyMatch(r -> r.name().equals(roleName));
  }

  public List<String> roleNames() {
    return roles.stream().map(RoleRef::name).toList();
  }
}
