package io.tokenless.keystone.auth;

import io.tokenless.fernet.TokenPayload;
import io.tokenless.keystone.auth.AuthRequest.ApplicationCredentialCredential;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.RoleStore;
import java.time.Instant;
import java.util.Optional;

/**
 * Trusts and application credentials as the token service meets them: what a token scoped to one
 * carries now, what a new token may carry, and Keystone's limits on their tokens. The rules
 * themselves are {@link TrustGrants}', {@link CredentialGrants}' and
 * {@link ApplicationCredentialMethod}'s; this class decides which applies.
 */
final class Delegations {
  private final RoleStore store;
  private final TrustGrants trusts;
  private final CredentialGrants credentials;
  private final ApplicationCredentialMethod method;

  Delegations(RoleStore store, RoleLookup roles, EnabledScopes scopes, UserRefs users) {
    this.store = store;
    this.trusts = new TrustGrants(store, roles, scopes);
    this.credentials = new CredentialGrants(roles, scopes);
    this.method = new ApplicationCredentialMethod(store, users);
  }

  /**
   * What a trust or application-credential token carries now; empty for any other payload. The
   * trust's expiry is left to the caller (see {@link #expired}), so the answer can be remembered.
   */
  Optional<Grant> ofToken(TokenPayload payload) throws DelegationRefusedException {
    if (payload instanceof TokenPayload.TrustScoped t) {
      // The payload's user is the trustee, who authenticated: TrustGrants refuses anyone else.
      return Optional.of(sameProject(trusts.grant(t.trustId(), t.userId()), t.projectId()));
    }
    if (payload instanceof TokenPayload.ApplicationCredentialScoped c) {
      String id = c.applicationCredentialId();
      ApplicationCredential credential = store.applicationCredentials().find(id)
          .filter(found -> found.userId().equals(c.userId()))
          .orElseThrow(() -> DelegationRefusedException.unauthenticated("application credential " + id + " is gone"));
      return Optional.of(sameProject(credentials.grant(credential), c.projectId()));
    }
    return Optional.empty();
  }

  /** Whether the grant's trust has expired by {@code now} (a credential's expiry bounds its tokens instead). */
  static boolean expired(Grant grant, Instant now) {
    return grant.delegation() instanceof Delegation.ByTrust trust && trust.trust().expiredAt(now);
  }

  /** Keystone's {@code application_credential} method: the credential the request proves. */
  ApplicationCredential authenticate(ApplicationCredentialCredential request, Instant now)
      throws DelegationRefusedException {
    return method.authenticate(request, now);
  }

  /**
   * What a new token may carry when it comes from {@code credential} (which chooses its own
   * scope: a request naming one is refused) or asks for a trust scope; empty otherwise.
   *
   * @param credential the application credential the request authenticated with, or {@code null}
   */
  Optional<Grant> forNewToken(AuthRequest.ScopeRequest scope, String userId, ApplicationCredential credential,
      Instant now) throws DelegationRefusedException {
    if (credential != null) {
      if (!(scope instanceof AuthRequest.NoScope)) {
        throw DelegationRefusedException.unauthenticated("application credential " + credential.id()
            + " with a scope in the request");
      }
      return Optional.of(credentials.grant(credential));
    }
    if (scope instanceof AuthRequest.TrustRequest request) {
      Grant grant = trusts.grant(request.trustId(), userId);
      if (expired(grant, now)) {
        throw DelegationRefusedException.trustNotFound(request.trustId(), "trust " + request.trustId() + " has expired");
      }
      return Optional.of(grant);
    }
    return Optional.empty();
  }

  /**
   * Keystone: a token expires no later than the application credential it came from.
   *
   * @param credential the credential of the request, or {@code null}
   */
  static Instant expiry(Instant expiresAt, ApplicationCredential credential) {
    if (credential != null && credential.expiresAt() != null && credential.expiresAt().isBefore(expiresAt)) {
      return credential.expiresAt();
    }
    return expiresAt;
  }

  /**
   * Keystone uses one of a limited trust's uses per token. Unlimited trusts are left alone: a
   * write would make every node forget what it remembers.
   */
  void useFor(Grant grant) throws DelegationRefusedException {
    if (grant.delegation() instanceof Delegation.ByTrust trust && trust.trust().remainingUses() != null
        && !store.trusts().consumeUse(trust.trust().id())) {
      throw DelegationRefusedException.trustNotFound(trust.trust().id(),
          "trust " + trust.trust().id() + " was used up meanwhile");
    }
  }

  /**
   * Keystone's 403 for the {@code token} method with a delegated token, which would otherwise
   * escape its limits; empty when {@code parent} may be re-scoped.
   */
  static Optional<String> rescopeRefusal(ValidToken parent) {
    if (parent.delegation() instanceof Delegation.ByTrust) {
      return Optional.of("You are not authorized to perform the requested action: Using trust-scoped token to "
          + "create another token. Create a new trust-scoped token instead.");
    }
    if (parent.delegation() instanceof Delegation.ByApplicationCredential) {
      return Optional.of("You are not authorized to perform the requested action: Using an application "
          + "credential token to create another token. Authenticate with the application credential instead.");
    }
    return Optional.empty();
  }

  /** A delegated token's project is its delegation's; a payload naming another is not Keystone's. */
  private static Grant sameProject(Grant grant, String payloadProjectId) throws DelegationRefusedException {
    String projectId = ((TokenScope.ProjectScope) grant.scope()).project().id();
    if (!projectId.equals(payloadProjectId)) {
      throw DelegationRefusedException.unauthenticated("token names project " + payloadProjectId
          + ", its delegation project " + projectId);
    }
    return grant;
  }
}
