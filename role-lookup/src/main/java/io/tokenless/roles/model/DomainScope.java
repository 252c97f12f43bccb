package io.tokenless.roles.model;

/** Roles on a domain itself (not inherited ones, which only apply to its projects). */
public record DomainScope(String domainId) implements Scope {
  public DomainScope {
    Ids.require(domainId, "domain id");
  }

  @Override
  public Target.Type targetType() {
    return Target.Type.DOMAIN;
  }

  @Override
  public String targetId() {
    return domainId;
  }
}
