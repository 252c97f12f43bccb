package io.tokenless.keystone.auth;

import io.tokenless.keystone.auth.AuthRequest.ApplicationCredentialCredential;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Keystone's {@code application_credential} auth method: the credential named by id, or by name
 * among the credentials of a user (by id, or by name in a domain), must exist, have this secret
 * (bcrypt) and not have expired. When a request names both an id and a user, the user must own
 * the credential. Every failure is the same 401; the cause goes to the security log.
 */
final class ApplicationCredentialMethod {
  private final RoleStore store;
  private final UserRefs users;

  ApplicationCredentialMethod(RoleStore store, UserRefs users) {
    this.store = store;
    this.users = users;
  }

  /**
   * The credential the request proves, its secret wiped afterwards.
   *
   * @throws DelegationRefusedException (401) for an unknown, wrongly named, expired credential or
   *     a wrong secret
   */
  ApplicationCredential authenticate(ApplicationCredentialCredential request, Instant now)
      throws DelegationRefusedException {
    try {
      Optional<User> owner = request.user() == null ? Optional.empty() : users.user(request.user());
      Optional<ApplicationCredential> credential;
      if (request.id() != null) {
        credential = store.applicationCredentials().find(request.id())
            .filter(c -> request.user() == null || owner.map(u -> u.id().equals(c.userId())).orElse(false));
      } else {
        credential = owner.flatMap(u -> store.applicationCredentials().findByName(u.id(), request.name()));
      }
      // Check a secret even when there is no credential: the same bcrypt work, so timing tells nothing.
      String checked = credential.map(ApplicationCredential::id).orElse("unknown");
      boolean secretMatches = store.applicationCredentials().verifySecret(checked, request.secret());
      if (credential.isEmpty()) {
        throw DelegationRefusedException.unauthenticated("application credential " + describe(request) + " is unknown");
      }
      if (!secretMatches) {
        throw DelegationRefusedException.unauthenticated("wrong secret for application credential " + checked);
      }
      if (credential.get().expiredAt(now)) {
        throw DelegationRefusedException.unauthenticated("application credential " + checked + " has expired");
      }
      return credential.get();
    } finally {
      Arrays.fill(request.secret(), '\0');
    }
  }

  private static String describe(ApplicationCredentialCredential request) {
    return request.id() != null ? request.id() : "named " + request.name() + " of " + request.user();
  }
}
