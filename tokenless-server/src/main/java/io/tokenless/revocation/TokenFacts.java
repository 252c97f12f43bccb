package io.tokenless.revocation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * What revocation events are matched against: Keystone's flattened view of a token
 * ({@code revoke_model.build_token_values}). Every id may be {@code null} when the token has no
 * such attribute (an unscoped token has no project, only a trust token has a trustor).
 *
 * @param userId             the token's user
 * @param identityDomainId   the user's domain
 * @param projectId          the project of a project-scoped token
 * @param assignmentDomainId the domain of a domain-scoped token, or the project's domain
 * @param trustId            the trust of a trust-scoped token
 * @param trustorId          the trustor of a trust-scoped token
 * @param trusteeId          the trustee of a trust-scoped token
 * @param consumerId         the OAuth1 consumer
 * @param accessTokenId      the OAuth1 access token
 * @param auditId            this token's own audit id; never null
 * @param auditChainId       the audit id of the token it was re-scoped from, if any
 * @param roleIds            the roles the token carries now
 * @param expiresAt          when the token expires (compared at second precision)
 * @param issuedAt           the Fernet timestamp (whole seconds)
 */
public record TokenFacts(
    String userId, String identityDomainId, String projectId, String assignmentDomainId,
    String trustId, String trustorId, String trusteeId, String consumerId, String accessTokenId,
    String auditId, String auditChainId, Set<String> roleIds, Instant expiresAt, Instant issuedAt) {

  public TokenFacts {
    Objects.requireNonNull(auditId, "auditId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    roleIds = roleIds == null ? Set.of() : Set.copyOf(roleIds);
    // Keystone trims both to the second before comparing: Fernet keeps whole seconds only.
    expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
  }
}
