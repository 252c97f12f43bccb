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
 * @param user       the token's user, enabled
 * @param userDomain the user's domain, enabled
 * @param scope      the scope with current names
 * @param roles      the user's effective roles on the scope now; empty only when unscoped
 */
public record ValidToken(
    TokenPayload payload, Instant issuedAt, User user, Domain userDomain, TokenScope scope,
    List<RoleRef> roles) {

  public ValidToken {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(userDomain, "userDomain");
    Objects.requireNonNull(scope, "scope");
    roles = List.copyOf(roles);
  }

  public String userId() {
    return user.id();
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
