package io.tokenless.roles.model;

/** Roles on the deployment as a whole: Keystone's {@code system: all}. */
public record SystemScope() implements Scope {
  /** Keystone's only system target. */
  public static final SystemScope ALL = new SystemScope();
  public static final String ID = "all";

  @Override
  public Target.Type targetType() {
    return Target.Type.SYSTEM;
  }

  @Override
  public String targetId() {
    return ID;
  }
}
