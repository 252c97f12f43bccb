package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;
import java.util.Objects;

/**
 * A role given to a user or group on a target. An {@code inherited} assignment does not apply
 * to its target itself but to every project below it: all projects of a domain, or the
 * subtree of a project (Keystone's {@code OS-INHERIT}). System assignments cannot be inherited.
 */
public record Assignment(String roleId, Actor actor, Target target, boolean inherited) {
  public Assignment {
    Ids.require(roleId, "role id");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(target, "target");
    if (inherited && target.type() == Target.Type.SYSTEM) {
      throw new BadRequestException("system role assignments cannot be inherited");
    }
  }
}
