package io.tokenless.roles.model;

/**
 * A role. Global roles ({@code domainId == null}) appear in effective roles; domain-specific
 * roles only serve to imply global ones, as in Keystone, so they never appear there themselves.
 */
public record Role(String id, String name, String domainId, String description) {
  public Role {
    Ids.require(id, "role id");
    if (domainId != null) {
      Ids.require(domainId, "domain id");
    }
    Names.require(name, Names.IDENTITY_MAX, "role");
  }

  public boolean isGlobal() {
    return domainId == null;
  }
}
