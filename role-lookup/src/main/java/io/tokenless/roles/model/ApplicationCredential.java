package io.tokenless.roles.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A Keystone application credential: a secret standing for its user on one project with some of
 * the user's roles there. The secret's hash is deliberately not part of this record (as for
 * {@link User}): only the store's secret check reads it.
 *
 * @param description   free text, may be {@code null}
 * @param expiresAt     when the credential stops authenticating, or {@code null} for never; tokens
 *                      issued from it expire no later
 * @param unrestricted  Keystone's flag allowing the credential to manage credentials and trusts;
 *                      tokens show its negation as {@code restricted}
 * @param roleIds       the delegated roles in the order given (empty once every one was deleted)
 * @param accessRulesJson Keystone's access rules as a JSON array, or {@code null} when there are none
 */
public record ApplicationCredential(String id, String name, String userId, String projectId,
    String description, Instant expiresAt, boolean unrestricted, List<String> roleIds,
    String accessRulesJson) {

  public ApplicationCredential {
    Ids.require(id, "application credential id");
    Names.require(name, Names.IDENTITY_MAX, "application credential");
    Ids.require(userId, "user id");
    Ids.require(projectId, "project id");
    Objects.requireNonNull(roleIds, "roleIds");
    roleIds.forEach(r -> Ids.require(r, "role id"));
    roleIds = List.copyOf(roleIds);
    expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** Keystone: a credential no longer authenticates from its {@code expires_at} on. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  public boolean restricted() {
    return !unrestricted;
  }
}
