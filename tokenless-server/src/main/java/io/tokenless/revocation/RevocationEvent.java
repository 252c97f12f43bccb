package io.tokenless.revocation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One of Keystone's revocation events ({@code revocation_event} table, {@code RevokeEvent} in
 * {@code keystone/models/revoke_model.py}). Every attribute that is set must match the token;
 * {@code null} attributes match anything. A matching token is revoked if it was issued at or
 * before {@link #issuedBefore()}.
 *
 * <p>As in Keystone: {@code expiresAt} is kept to the second (MySQL precision); a
 * {@code domainId} together with an {@code expiresAt} means "this domain-scoped token" (Keystone's
 * virtual {@code domain_scope_id}), a {@code domainId} alone means "every token of the domain's
 * users or scoped to the domain".
 *
 * @param auditId this token only (Keystone's {@code DELETE /v3/auth/tokens})
 * @param auditChainId every token of a re-scoping chain
 * @param userId tokens of this user, as user, trustor or trustee
 * @param projectId tokens scoped to this project
 * @param domainId see above
 * @param trustId tokens of this trust
 * @param consumerId tokens of this OAuth1 consumer
 * @param accessTokenId tokens of this OAuth1 access token
 * @param roleId tokens carrying this role
 * @param expiresAt tokens expiring at exactly this second
 * @param issuedBefore tokens issued at or before this instant; required
 * @param revokedAt when the event was recorded; drives pruning; required
 */
public record RevocationEvent(
    String auditId,
    String auditChainId,
    String userId,
    String projectId,
    String domainId,
    String trustId,
    String consumerId,
    String accessTokenId,
    String roleId,
    Instant expiresAt,
    Instant issuedBefore,
    Instant revokedAt) {

  public RevocationEvent {
    Objects.requireNonNull(issuedBefore, "issuedBefore");
    Objects.requireNonNull(revokedAt, "revokedAt");
    if (expiresAt != null) {
      expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
    }
  }

  /**
   * What Keystone records for {@code DELETE /v3/auth/tokens}: the token's audit id, revoked now
   * (to the second, as Keystone's {@code revoked_at}), issued before the same instant.
   */
  public static RevocationEvent ofAuditId(String auditId, Instant now) {
    Instant second = now.truncatedTo(ChronoUnit.SECONDS);
    return builder(second).auditId(Objects.requireNonNull(auditId, "auditId")).build();
  }

  /** Every token of a user issued up to {@code now} (disabled user, changed password...). */
  public static RevocationEvent ofUser(String userId, Instant now) {
    Instant second = now.truncatedTo(ChronoUnit.SECONDS);
    return builder(second).userId(Objects.requireNonNull(userId, "userId")).build();
  }

  /** Starts an event revoked at {@code revokedAt}, issued-before defaulting to the same. */
  public static Builder builder(Instant revokedAt) {
    return new Builder(revokedAt);
  }

  /** Keystone's virtual {@code domain_scope_id}: a domain with an expiry names one token. */
  public String domainScopeId() {
    return domainId != null && expiresAt != null ? domainId : null;
  }

  /** Keystone's {@code domain_id} after the constructor moved a scoped domain away. */
  String domainWideId() {
    return domainId != null && expiresAt == null ? domainId : null;
  }

  /** Builds events with only the attributes that constrain them. */
  public static final class Builder {
    private final Instant revokedAt;
    private Instant issuedBefore;
    private String auditId;
    private String auditChainId;
    private String userId;
    private String projectId;
    private String domainId;
    private String trustId;
    private String consumerId;
    private String accessTokenId;
    private String roleId;
    private Instant expiresAt;

    private Builder(Instant revokedAt) {
      this.revokedAt = Objects.requireNonNull(revokedAt, "revokedAt");
      this.issuedBefore = revokedAt;
    }

    public Builder issuedBefore(Instant value) {
      this.issuedBefore = value;
      return this;
    }

    public Builder auditId(String value) {
      this.auditId = value;
      return this;
    }

    public Builder auditChainId(String value) {
      this.auditChainId = value;
      return this;
    }

    public Builder userId(String value) {
      this.userId = value;
      return this;
    }

    public Builder projectId(String value) {
      this.projectId = value;
      return this;
    }

    public Builder domainId(String value) {
      this.domainId = value;
      return this;
    }

    public Builder trustId(String value) {
      this.trustId = value;
      return this;
    }

    public Builder consumerId(String value) {
      this.consumerId = value;
      return this;
    }

    public Builder accessTokenId(String value) {
      this.accessTokenId = value;
      return this;
    }

    public Builder roleId(String value) {
      this.roleId = value;
      return this;
    }

    public Builder expiresAt(Instant value) {
      this.expiresAt = value;
      return this;
    }

    public RevocationEvent build() {
      return new RevocationEvent(auditId, auditChainId, userId, projectId, domainId, trustId,
          consumerId, accessTokenId, roleId, expiresAt, issuedBefore, revokedAt);
    }
  }
}
