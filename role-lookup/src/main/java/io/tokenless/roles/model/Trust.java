package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A Keystone trust (OS-TRUST): the trustor lends some of its roles on a project to the trustee,
 * who may then get tokens scoped to the trust. What such a token carries is decided when it is
 * used, not here: the trust's roles and the roles they imply, as long as the trustor still holds
 * every one of them.
 *
 * @param impersonation      whether tokens of the trust show the trustor as their user
 * @param expiresAt          when the trust stops working (to the second), or {@code null} for never
 * @param remainingUses      how many more tokens may be issued from it, or {@code null} for no limit
 * @param redelegatedTrustId the trust this one was re-delegated from, or {@code null}
 * @param redelegationCount  how many more times it may be re-delegated, or {@code null}
 * @param roleIds            the delegated roles (empty once every one of them was deleted)
 * @param deletedAt          when the trust was deleted, or {@code null}; a deleted trust grants nothing
 */
public record Trust(String id, String trustorUserId, String trusteeUserId, String projectId,
    boolean impersonation, Instant expiresAt, Integer remainingUses, String redelegatedTrustId,
    Integer redelegationCount, List<String> roleIds, Instant deletedAt) {

  public Trust {
    Ids.require(id, "trust id");
    Ids.require(trustorUserId, "trustor user id");
    Ids.require(trusteeUserId, "trustee user id");
    Ids.require(projectId, "project id");
    if (redelegatedTrustId != null) {
      Ids.require(redelegatedTrustId, "redelegated trust id");
    }
    if (remainingUses != null && remainingUses < 0) {
      throw new BadRequestException("remaining_uses must not be negative");
    }
    Objects.requireNonNull(roleIds, "roleIds");
    roleIds.forEach(r -> Ids.require(r, "role id"));
    roleIds = List.copyOf(roleIds);
    expiresAt = expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS);
  }

  /** Keystone's {@code get_trust}: past {@code expires_at} a trust is as good as gone. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && now.isAfter(expiresAt);
  }

  /** Not deleted and not used up: Keystone finds it (expiry aside). */
  public boolean usable() {
    return deletedAt == null && (remainingUses == null || remainingUses > 0);
  }
}
