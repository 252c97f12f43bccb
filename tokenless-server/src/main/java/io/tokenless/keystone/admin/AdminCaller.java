package io.tokenless.keystone.admin;

import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Scope;
import java.util.Objects;

/**
 * Who is calling, as far as the administration API cares: the user, the scope the caller
 * authenticated for, and whether Keystone's default policy treats the caller as a cloud admin
 * (the {@code admin} role on any project, domain or the system).
 *
 * @param userId   the calling user
 * @param domainId the user's domain
 * @param scope    the scope of the caller's credential, or {@code null} when unscoped
 * @param admin    whether the caller holds {@code admin}
 */
public record AdminCaller(String userId, String domainId, Scope scope, boolean admin) {
  public AdminCaller {
    Ids.require(userId, "user id");
    Objects.requireNonNull(domainId, "domainId");
  }

  public boolean is(String otherUserId) {
    return userId.equals(otherUserId);
  }
}
