package io.tokenless.roles.model;

/** A group of users in a domain; its role assignments apply to every member. */
public record Group(String id, String name, String domainId, String description) {
  public Group {
    Ids.require(id, "group id");
    Ids.require(domainId, "domain id");
    Names.require(name, Names.IDENTITY_MAX, "group");
  }
}
