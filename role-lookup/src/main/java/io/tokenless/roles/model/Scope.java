package io.tokenless.roles.model;

/**
 * Where roles are held: on a project, on a domain, or on the whole system. Keystone has one
 * system target, {@code all}.
 */
public sealed interface Scope permits ProjectScope, DomainScope, SystemScope {

  /** The target type as stored with an assignment. */
  Target.Type targetType();

  /** The target id as stored with an assignment ({@code all} for the system). */
  String targetId();

  default Target target() {
    return new Target(targetType(), targetId());
  }

  static Scope project(String projectId) {
    return new ProjectScope(projectId);
  }

  static Scope domain(String domainId) {
    return new DomainScope(domainId);
  }

  static Scope system() {
    return SystemScope.ALL;
  }
}
