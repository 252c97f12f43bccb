package io.tokenless.revocation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One Keystone revocation event: every token that matches all of the event's non-null
 * attributes and was issued at or before {@code issuedBefore} is revoked.
 *
 * <p>The matching rules are Keystone 22's, which are split between the SQL query of its revoke
 * backend ({@code _list_token_events}: {@code issued_before >= token.issued_at}, user, project,
 * audit id, trust) and {@code revoke_model.matches} (domain, expiry, consumer, audit chain,
 * role):
 * <ul>
 *   <li>{@code userId} matches the token's user, trustor or trustee;
 *   <li>{@code domainId} matches the user's domain or the scope's domain; when the event also
 *       sets {@code expiresAt} it only matches the scope's domain (Keystone's
 *       {@code domain_scope_id});
 *   <li>{@code expiresAt} is compared at second precision;
 *   <li>{@code issuedBefore} is inclusive: a token issued in the very second of the event is
 *       revoked. Fernet timestamps are whole seconds and events are recorded with the
 *       microseconds dropped, as Keystone does.
 * </ul>
 *
 * @param id             the store's sequence number; 0 for an event not stored yet
 * @param issuedBefore   never null
 * @param revokedAt      when the event was recorded; never null
 */
public record RevocationEvent(
    long id, String auditId, String auditChainId, String userId, String projectId,
    String domainId, String roleId, String trustId, String consumerId, String accessTokenId,
    Instant expiresAt, Instant issuedBefore, Instant revokedAt) {

  public RevocationEvent {
    Objects.requireNonNull(issuedBefore, "issuedBefore");
    Objects.requireNonNull(revokedAt, "revokedAt");
    if (expiresAt != null) {
      expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    }
  }

  /** Revokes one token (and nothing re-scoped from it): {@code DELETE /v3/auth/tokens}. */
  public static RevocationEvent auditId(String auditId, Instant now) {
    Objects.requireNonNull(auditId, "auditId");
    Instant at = second(now);
    return new RevocationEvent(0, auditId, null, null, null, null, null, null, null, null, null, at, at);
  }

  /** Revokes a token and every token re-scoped from it. */
  public static RevocationEvent auditChain(String auditChainId, Instant now) {
    Objects.requireNonNull(auditChainId, "auditChainId");
    Instant at = second(now);
    return new RevocationEvent(0, null, auditChainId, null, null, null, null, null, null, null, null, at, at);
  }

  /** Revokes every token of a user issued until now: password change, user disabled or deleted. */
  public static RevocationEvent user(String userId, Instant now) {
    Objects.requireNonNull(userId, "userId");
    Instant at = second(now);
    return new RevocationEvent(0, null, null, userId, null, null, null, null, null, null, null, at, at);
  }

  /** Revokes a user's tokens on one project: a role assignment removed there. */
  public static RevocationEvent userOnProject(String userId, String projectId, Instant now) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(projectId, "projectId");
    Instant at = second(now);
    return new RevocationEvent(0, null, null, userId, projectId, null, null, null, null, null, null, at, at);
  }

  /** Revokes every token scoped to a project: the project disabled or deleted. */
  public static RevocationEvent project(String projectId, Instant now) {
    Objects.requireNonNull(projectId, "projectId");
    Instant at = second(now);
    return new RevocationEvent(0, null, null, null, projectId, null, null, null, null, null, null, at, at);
  }

  /** The same event as stored under {@code newId}. */
  public RevocationEvent withId(long newId) {
    return new RevocationEvent(newId, auditId, auditChainId, userId, projectId, domainId, roleId,
        trustId, consumerId, accessTokenId, expiresAt, issuedBefore, revokedAt);
  }

  /** Whether this event revokes the token. */
  public boolean matches(TokenFacts token) {
    if (token.issuedAt().isAfter(issuedBefore)) {
      return false;
    }
    if (userId != null && !in(userId, token.userId(), token.trustorId(), token.trusteeId())) {
      return false;
    }
    if (projectId != null && !projectId.equals(token.projectId())) {
      return false;
    }
    if (auditId != null && !auditId.equals(token.auditId())) {
      return false;
    }
    if (trustId != null && !trustId.equals(token.trustId())) {
      return false;
    }
    if (domainId != null) {
      boolean scopeOnly = expiresAt != null;
      boolean domainMatches = scopeOnly
          ? domainId.equals(token.assignmentDomainId())
          : in(domainId, token.identityDomainId(), token.assignmentDomainId());
      if (!domainMatches) {
        return false;
      }
    }
    if (expiresAt != null && !expiresAt.equals(token.expiresAt())) {
      return false;
    }
    if (consumerId != null && !consumerId.equals(token.consumerId())) {
      return false;
    }
    if (accessTokenId != null && !accessTokenId.equals(token.accessTokenId())) {
      return false;
    }
    if (auditChainId != null && !auditChainId.equals(token.auditChainId())) {
      return false;
    }
    return roleId == null || token.roleIds().contains(roleId);
  }

  private static boolean in(String value, String... candidates) {
    for (String candidate : candidates) {
      if (value.equals(candidate)) {
        return true;
      }
    }
    return false;
  }

  private static Instant second(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS);
  }
}
