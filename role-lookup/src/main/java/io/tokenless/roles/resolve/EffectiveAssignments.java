package io.tokenless.roles.resolve;

import io.tokenless.roles.model.AssignmentFilter;
import java.util.List;

/** Keystone's effective role assignment listing. */
public interface EffectiveAssignments {

  /**
   * Assignments expanded as Keystone does for {@code effective}: group assignments per member,
   * inherited assignments onto every project below their target, implied roles added, and
   * domain-specific roles (which only serve to imply others) left out. Disabled users or
   * projects are not filtered, as in Keystone. The {@code inherited} filter does not apply:
   * every effective assignment is a plain one on the project it reaches. Names for
   * {@code include_names} come from {@code AssignmentStore.namesFor}.
   *
   * @throws io.tokenless.error.BadRequestException for a group filter, which Keystone refuses with effective
   */
  List<EffectiveAssignment> effectiveAssignments(AssignmentFilter filter);
}
