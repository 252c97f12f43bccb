package io.tokenless.roles.model;

/**
 * A project in a domain, optionally below a parent project of the same domain.
 *
 * @param parentId    the parent project, or {@code null} for a top-level project (Keystone
 *                    shows the domain id as {@code parent_id} then)
 * @param description free text, may be {@code null}
 */
public record Project(String id, String name, String domainId, String parentId, String description,
    boolean enabled) {
  public Project {
    Ids.require(id, "project id");
    Ids.require(domainId, "domain id");
    Names.require(name, Names.RESOURCE_MAX, "project");
  }
}
