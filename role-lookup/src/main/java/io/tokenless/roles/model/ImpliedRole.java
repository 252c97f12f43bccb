package io.tokenless.roles.model;

/** Holding {@code priorRoleId} implies holding {@code impliedRoleId} (e.g. admin ⇒ member). */
public record ImpliedRole(String priorRoleId, String impliedRoleId) {
  public ImpliedRole {
    Ids.require(priorRoleId, "prior role id");
    Ids.require(impliedRoleId, "implied role id");
  }
}
