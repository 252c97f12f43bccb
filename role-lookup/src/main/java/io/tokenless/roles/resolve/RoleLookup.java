package io.tokenless.roles.resolve;

import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Scope;

/**
 * Answers "which roles does this user hold here?" with Keystone's semantics: the user's own and
 * their groups' assignments on the scope, assignments inherited from the project's domain and
 * ancestors, closed under role implication, global roles only. A disabled user, a disabled
 * domain (the user's or the target's) or a disabled project on the way yields no roles.
 */
public interface RoleLookup {

  /**
   * The effective roles of {@code userId} on {@code scope}.
   *
   * @throws io.tokenless.error.NotFoundException    the user or the project/domain does not exist
   * @throws io.tokenless.error.UnavailableException the answer cannot be computed now (database down)
   */
  EffectiveRoles effectiveRoles(String userId, Scope scope);
}
