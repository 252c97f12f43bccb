package io.tokenless.revocation;

import io.tokenless.fernet.TokenPayload;
import io.tokenless.fernet.ValidatedToken;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * The attributes of a token that revocation events are compared with: Keystone's
 * {@code build_token_values}. Most come from the payload ({@link #of}); the rest need the
 * database and are added by the caller when it has them ({@code with...}).
 *
 * <p>As in Keystone, {@code assignmentDomainId} is set only for a domain-scoped token (Keystone
 * overwrites a project token's project domain with {@code None}), and {@code auditChainId} only
 * for a re-scoped token (the second audit id). {@code null} means "the token has none".
 *
 * @param expiresAt to the second, as Keystone trims it before comparing
 * @param issuedAt the Fernet timestamp (whole seconds)
 */
public record TokenValues(
    String userId,
    String identityDomainId,
    String projectId,
    String assignmentDomainId,
    String trustId,
    String trustorId,
    String trusteeId,
    String consumerId,
    String accessTokenId,
    String auditId,
    String auditChainId,
    Set<String> roleIds,
    Instant expiresAt,
    Instant issuedAt) {

  public TokenValues {
    Objects.requireNonNull(auditId, "auditId");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    roleIds = Set.copyOf(Objects.requireNonNull(roleIds, "roleIds"));
    expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The values a validated token carries by itself. */
  public static TokenValues of(ValidatedToken token) {
    return of(token.payload(), token.issuedAt());
  }

  /** The values a payload carries by itself; user domain, trustor, consumer and roles unset. */
  public static TokenValues of(TokenPayload payload, Instant issuedAt) {
    String trustId = null;
    String trusteeId = null;
    String accessTokenId = null;
    if (payload instanceof TokenPayload.TrustScoped t) {
      trustId = t.trustId();
      // The payload's user is always the trustee: validation rejects anything else.
      trusteeId = t.userId();
    } else if (payload instanceof TokenPayload.OauthScoped o) {
      accessTokenId = o.accessTokenId();
    }
    return new TokenValues(payload.userId(), null, payload.projectScope().orElse(null),
        payload.domainScope().orElse(null), trustId, null, trusteeId, null, accessTokenId,
        payload.auditId(), payload.parentAuditId().orElse(null), Set.of(), payload.expiresAt(),
        issuedAt);
  }

  /** With the domain of the token's user. */
  public TokenValues withIdentityDomainId(String value) {
    return new TokenValues(userId, value, projectId, assignmentDomainId, trustId, trustorId,
        trusteeId, consumerId, accessTokenId, auditId, auditChainId, roleIds, expiresAt, issuedAt);
  }

  /** With the trustor of a trust-scoped token. */
  public TokenValues withTrustorId(String value) {
    return new TokenValues(userId, identityDomainId, projectId, assignmentDomainId, trustId, value,
        trusteeId, consumerId, accessTokenId, auditId, auditChainId, roleIds, expiresAt, issuedAt);
  }

  /** With the OAuth1 consumer of an OAuth-scoped token. */
  public TokenValues withConsumerId(String value) {
    return new TokenValues(userId, identityDomainId, projectId, assignmentDomainId, trustId,
        trustorId, trusteeId, value, accessTokenId, auditId, auditChainId, roleIds, expiresAt,
        issuedAt);
  }

  /** With the ids of the roles the token carries. */
  public TokenValues withRoleIds(Set<String> value) {
    return new TokenValues(userId, identityDomainId, projectId, assignmentDomainId, trustId,
        trustorId, trusteeId, consumerId, accessTokenId, auditId, auditChainId, value, expiresAt,
        issuedAt);
  }
}
