package io.tokenless.roles.model;

/** Roles on one project: the project's own, plus those inherited from its domain and ancestors. */
public record ProjectScope(String projectId) implements Scope {
  public ProjectScope {
    Ids.require(projectId, "project id");
  }

  @Override
  public Target.Type targetType() {
    return Target.Type.PROJECT;
  }

  @Override
  public String targetId() {
    return projectId;
  }
}
