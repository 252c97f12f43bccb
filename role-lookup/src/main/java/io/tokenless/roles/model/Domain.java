package io.tokenless.roles.model;

/**
 * A Keystone domain: the namespace of projects, users, groups and domain-specific roles.
 *
 * @param description free text, may be {@code null}
 */
public record Domain(String id, String name, String description, boolean enabled) {
  public Domain {
    Ids.require(id, "domain id");
    Names.require(name, Names.RESOURCE_MAX, "domain");
  }
}
