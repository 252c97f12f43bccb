package io.tokenless.keystone.auth;

import io.tokenless.fernet.TokenPayload;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.User;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A token that passed every check of Keystone's validation, with what its body shows: the ids,
 * methods, audit ids and times come from the token; names, roles and enabled states were read
 * from the database just now.
 *
 * @param payload    the decoded payload
 * @param issuedAt   the Fernet timestamp (whole seconds)
 * @param user       the token's user, enabled (for a trust token the trustee, who authenticated)
 * @param userDomain the user's domain, enabled
 * @param scope      the scope with current names
 * @param roles      the roles the token carries now: the user's effective roles on the scope, or
 *                   what its trust or application credential lends of them; empty only when unscoped
 * @param delegation the trust or application credential the roles come from, or {@link Delegation#NONE}
 */
public record ValidToken(
    TokenPayload payload, Instant issuedAt, User user, Domain userDomain, TokenScope scope,
    List<RoleRef> roles, Delegation delegation) {

  public ValidToken {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(userDomain, "userDomain");
    Objects.requireNonNull(scope, "scope");
    roles = List.copyOf(roles);
    Objects.requireNonNull(delegation, "delegation");
  }

  /** The id of the user who authenticated (for a trust token the trustee). */
  public String userId() {
    return user.id();
  }

  /**
   * The user the token speaks for, as Keystone's body shows it and services act on: the trustor
   * of an impersonating trust, else the token's own user.
   */
  public User actingUser() {
    return impersonating() ? ((Delegation.ByTrust) delegation).trustor() : user;
  }

  /** The domain of {@link #actingUser()}. */
  public Domain actingUserDomain() {
    return impersonating() ? ((Delegation.ByTrust) delegation).trustorDomain() : userDomain;
  }

  /**
   * Whether the token comes from an application credential with access rules: it may only be
   * used on the service APIs they name, and only validators that enforce them may see it valid.
   */
  public boolean limitedByAccessRules() {
    return delegation instanceof Delegation.ByApplicationCredential credential && credential.hasAccessRules();
  }

  private boolean impersonating() {
    return delegation instanceof Delegation.ByTrust trust && trust.trust().impersonation();
  }

  public List<String> methods() {
    return payload.methods();
  }

  public List<String> auditIds() {
    return payload.auditIds();
  }

  public Instant expiresAt() {
    return payload.expiresAt();
  }

  /** Whether the token carries role {@code name} on its scope. */
  public boolean hasRole(String name) {
    return roles.stream().anyMatch(r -> r.name().equals(name));
  }
}
