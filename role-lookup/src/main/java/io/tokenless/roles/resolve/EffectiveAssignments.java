package io.tokenless.roles.resolve;

import io.tokenless.roles.model.AssignmentFilter;
import java.util.List;

/** Keystone's effective role assignment listing. */
public interface EffectiveAssignments {

  /**
   * Assignments expanded as Keystone does for {@code effective}: group assignments per member,
   * inherited assignments onto every project below their target, implied roles added, and
   * domain-specific roles (which only serve to imply others) left out. Disabled users or
   * projects are not filtered, as in Keystone. The {@code inherited} filter
   * ({@code scope.OS-INHERIT:inherited_to}) selects by the grant an entry comes from, as
   * Keystone does: {@code true} keeps only what inherited grants give to the projects below
   * them, {@code false} only what direct grants give. Names for {@code include_names} come from
   * {@code AssignmentStore.namesFor}.
   *
   * @throws io.tokenless.error.BadRequestException for a group filter, which Keystone refuses with effective
   */
  List<EffectiveAssignment> effectiveAssignments(AssignmentFilter filter);
}
