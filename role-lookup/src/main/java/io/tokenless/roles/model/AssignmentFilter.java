package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;

/**
 * The filters of Keystone's {@code GET /v3/role_assignments}; every {@code null} (or
 * {@code false}) filter matches everything.
 *
 * @param userId         {@code user.id}
 * @param groupId        {@code group.id} (not allowed with {@code effective})
 * @param roleId         {@code role.id}; with {@code effective} it matches implied roles too
 * @param projectId      {@code scope.project.id}
 * @param domainId       {@code scope.domain.id}
 * @param system         {@code scope.system}: only system assignments
 * @param inherited      {@code scope.OS-INHERIT:inherited_to}: {@code true} for inherited only,
 *                       {@code false} for non-inherited only, {@code null} for both
 * @param includeSubtree {@code include_subtree}: with {@code projectId}, also the projects below it
 */
public record AssignmentFilter(String userId, String groupId, String roleId, String projectId, String domainId,
    boolean system, Boolean inherited, boolean includeSubtree) {

  public AssignmentFilter {
    int scopes = (projectId != null ? 1 : 0) + (domainId != null ? 1 : 0) + (system ? 1 : 0);
    if (scopes > 1) {
      throw new BadRequestException("specify at most one of scope.project.id, scope.domain.id and scope.system");
    }
    if (userId != null && groupId != null) {
      throw new BadRequestException("specify at most one of user.id and group.id");
    }
    if (includeSubtree && projectId == null) {
      throw new BadRequestException("include_subtree requires scope.project.id");
    }
  }

  /** No filter at all. */
  public static AssignmentFilter all() {
    return new AssignmentFilter(null, null, null, null, null, false, null, false);
  }

  public AssignmentFilter withUser(String id) {
    return new AssignmentFilter(id, groupId, roleId, projectId, domainId, system, inherited, includeSubtree);
  }

  public AssignmentFilter withGroup(String id) {
    return new AssignmentFilter(userId, id, roleId, projectId, domainId, system, inherited, includeSubtree);
  }

  public AssignmentFilter withRole(String id) {
    return new AssignmentFilter(userId, groupId, id, projectId, domainId, system, inherited, includeSubtree);
  }

  public AssignmentFilter withProject(String id, boolean subtree) {
    return new AssignmentFilter(userId, groupId, roleId, id, domainId, system, inherited, subtree);
  }

  public AssignmentFilter withDomain(String id) {
    return new AssignmentFilter(userId, groupId, roleId, projectId, id, system, inherited, includeSubtree);
  }

  public AssignmentFilter withSystem() {
    return new AssignmentFilter(userId, groupId, roleId, projectId, domainId, true, inherited, includeSubtree);
  }

  public AssignmentFilter withInherited(Boolean value) {
    return new AssignmentFilter(userId, groupId, roleId, projectId, domainId, system, value, includeSubtree);
  }
}
