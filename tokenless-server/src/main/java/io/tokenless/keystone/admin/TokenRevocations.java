package io.tokenless.keystone.admin;

import io.tokenless.roles.model.Assignment;

/**
 * Where administration changes that end tokens already issued are reported, as Keystone records
 * revocation events for them: a changed password, a disabled or deleted user (every token of the
 * user), a disabled or deleted project or domain (every token scoped to it), a revoked grant of
 * a role to a user. Implementations record the event with the time of the call; they must not
 * throw for an unknown id.
 */
public interface TokenRevocations {

  /** The user's password changed, or the user was disabled or deleted. */
  void userChanged(String userId);

  /** The project was disabled or deleted. */
  void projectChanged(String projectId);

  /** The domain was disabled or deleted. */
  void domainChanged(String domainId);

  /** A role grant to a user was revoked ({@code assignment.actor()} is a user). */
  void grantRevoked(Assignment assignment);

  /** Records nothing: for deployments without token issuance. */
  static TokenRevocations none() {
    return new TokenRevocations() {
      @Override
      public void userChanged(String userId) {}

      @Override
      public void projectChanged(String projectId) {}

      @Override
      public void domainChanged(String domainId) {}

      @Override
      public void grantRevoked(Assignment assignment) {}
    };
  }
}
