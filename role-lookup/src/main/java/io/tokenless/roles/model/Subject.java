package io.tokenless.roles.model;

import java.util.Objects;

/** A user as a lookup answer names it: id, name and domain. */
public record Subject(String id, String name, String domainId, String domainName) {
  public Subject {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domainId, "domainId");
    Objects.requireNonNull(domainName, "domainName");
  }
}
