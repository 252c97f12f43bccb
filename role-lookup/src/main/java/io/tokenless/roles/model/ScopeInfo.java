package io.tokenless.roles.model;

import java.util.Objects;

/**
 * A scope with the names a lookup answer shows.
 *
 * @param name       the project's or domain's name; {@code all} for the system
 * @param domainId   for a project, its domain; {@code null} otherwise
 * @param domainName for a project, its domain's name; {@code null} otherwise
 */
public record ScopeInfo(Scope scope, String name, String domainId, String domainName) {
  public ScopeInfo {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
  }
}
