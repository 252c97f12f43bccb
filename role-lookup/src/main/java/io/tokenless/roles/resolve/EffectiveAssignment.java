package io.tokenless.roles.resolve;

import io.tokenless.roles.model.Assignment;
import java.util.Objects;

/**
 * One line of Keystone's {@code GET /v3/role_assignments?effective}: a role a user holds on a
 * target, and the stored assignment it comes from.
 *
 * @param effective always a non-inherited user assignment; its role may be one implied by the
 *                  source's role
 * @param source    the granted assignment: the same as {@code effective}, or a group assignment
 *                  (Keystone's {@code links.membership}), or an inherited assignment on the domain
 *                  or an ancestor project, or one whose role implies the effective role
 */
public record EffectiveAssignment(Assignment effective, Assignment source) {
  public EffectiveAssignment {
    Objects.requireNonNull(effective, "effective");
    Objects.requireNonNull(source, "source");
  }

  /** Whether the effective role was reached through an implication rule. */
  public boolean implied() {
    return !effective.roleId().equals(source.roleId());
  }
}
