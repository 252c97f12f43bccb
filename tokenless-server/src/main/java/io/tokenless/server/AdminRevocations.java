package io.tokenless.server;

import io.tokenless.keystone.admin.TokenRevocations;
import io.tokenless.revocation.Revocations;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Target;

/**
 * Turns administration changes into revocation events the way Keystone does, so tokens issued
 * before the change stop validating on every node. Disabled domains need no event: validation
 * refuses a token whose user, project or domain is disabled.
 */
final class AdminRevocations implements TokenRevocations {
  private final Revocations revocations;

  AdminRevocations(Revocations revocations) {
    this.revocations = revocations;
  }

  @Override
  public void userChanged(String userId) {
    revocations.revokeUser(userId);
  }

  @Override
  public void projectChanged(String projectId) {
    revocations.revokeProject(projectId);
  }

  @Override
  public void domainChanged(String domainId) {
    // Validation re-checks that the domain of the user and of the scope is enabled.
  }

  @Override
  public void grantRevoked(Assignment assignment) {
    if (assignment.actor().type() != Actor.Type.USER) {
      return;
    }
    String userId = assignment.actor().id();
    if (assignment.target().type() == Target.Type.PROJECT && !assignment.inherited()) {
      revocations.revokeUserOnProject(userId, assignment.target().id());
    } else {
      // Domain, system and inherited grants reach many scopes: end all of the user's tokens.
      revocations.revokeUser(userId);
    }
  }
}
