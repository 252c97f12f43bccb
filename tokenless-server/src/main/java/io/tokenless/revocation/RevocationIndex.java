package io.tokenless.revocation;

import io.tokenless.fernet.TokenPayload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers "is this token revoked?" against a set of revocation events with Keystone's rules
 * ({@code keystone/models/revoke_model.py} and the SQL revoke backend), without scanning every
 * event: each event is filed under its most selective attribute (audit id, audit chain id, user,
 * project, trust) and a token only meets the events filed under its own values.
 *
 * <p>A token matches an event when every attribute the event sets matches the token, and it is
 * revoked when it also was issued at or before the event's {@code issued_before}. Fernet
 * timestamps are whole seconds and Keystone records {@code issued_before} to the second, so a
 * token issued in the same second as the revocation is revoked, even if it was issued a moment
 * after it; that is why Keystone's clients wait a second before authenticating again.
 *
 * <p>One deliberate difference: Keystone never compares {@code access_token_id}, so an event
 * carrying only that attribute would revoke every token; here it must match. Keystone never
 * records such events, so no token Keystone accepts is refused because of it.
 *
 * <p>Thread-safe; events are added as they are recorded (or arrive from another node) and pruned
 * once no token they could match can still be valid.
 */
public final class RevocationIndex {

  private final Map<String, Set<RevocationEvent>> byAuditId = new ConcurrentHashMap<>();
  private final Map<String, Set<RevocationEvent>> byAuditChainId = new ConcurrentHashMap<>();
  private final Map<String, Set<RevocationEvent>> byUserId = new ConcurrentHashMap<>();
  private final Map<String, Set<RevocationEvent>> byProjectId = new ConcurrentHashMap<>();
  private final Map<String, Set<RevocationEvent>> byTrustId = new ConcurrentHashMap<>();
  private final Set<RevocationEvent> unkeyed = ConcurrentHashMap.newKeySet();

  /** Adds an event; adding the same event twice is harmless. */
  public void add(RevocationEvent event) {
    Objects.requireNonNull(event, "event");
    if (event.auditId() != null) {
      file(byAuditId, event.auditId(), event);
    } else if (event.auditChainId() != null) {
      file(byAuditChainId, event.auditChainId(), event);
    } else if (event.userId() != null) {
      file(byUserId, event.userId(), event);
    } else if (event.projectId() != null) {
      file(byProjectId, event.projectId(), event);
    } else if (event.trustId() != null) {
      file(byTrustId, event.trustId(), event);
    } else {
      unkeyed.add(event);
    }
  }

  public void addAll(Collection<RevocationEvent> events) {
    events.forEach(this::add);
  }

  /**
   * Drops events recorded before {@code cutoff}, as Keystone prunes those revoked before
   * now minus (token lifetime + expiration buffer): every token they could match has expired.
   */
  public void pruneRevokedBefore(Instant cutoff) {
    for (Map<String, Set<RevocationEvent>> index :
        List.of(byAuditId, byAuditChainId, byUserId, byProjectId, byTrustId)) {
      for (String key : index.keySet()) {
        // Per-key atomic, like file(): an event added concurrently is never dropped with its set.
        index.computeIfPresent(key, (k, events) -> {
          events.removeIf(e -> e.revokedAt().isBefore(cutoff));
          return events.isEmpty() ? null : events;
        });
      }
    }
    unkeyed.removeIf(e -> e.revokedAt().isBefore(cutoff));
  }

  /** Number of events held. */
  public int size() {
    int size = unkeyed.size();
    for (Map<String, Set<RevocationEvent>> index :
        List.of(byAuditId, byAuditChainId, byUserId, byProjectId, byTrustId)) {
      size += index.values().stream().mapToInt(Set::size).sum();
    }
    return size;
  }

  /**
   * Whether a token is revoked, judged on what its payload carries; events naming the user's
   * domain, a trustor, a consumer or a role need {@link #isRevoked(TokenValues)}.
   */
  public boolean isRevoked(TokenPayload payload, Instant issuedAt) {
    return isRevoked(TokenValues.of(payload, issuedAt));
  }

  /** Whether any event revokes the token. */
  public boolean isRevoked(TokenValues token) {
    List<Set<RevocationEvent>> candidates = new ArrayList<>(7);
    candidates.add(byAuditId.get(token.auditId()));
    addIfPresent(candidates, byAuditChainId, token.auditChainId());
    addIfPresent(candidates, byUserId, token.userId());
    addIfPresent(candidates, byUserId, token.trustorId());
    addIfPresent(candidates, byUserId, token.trusteeId());
    addIfPresent(candidates, byProjectId, token.projectId());
    addIfPresent(candidates, byTrustId, token.trustId());
    candidates.add(unkeyed);
    for (Set<RevocationEvent> events : candidates) {
      if (events == null) {
        continue;
      }
      for (RevocationEvent event : events) {
        if (matches(event, token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Keystone's rules: the SQL filter (issued_before, user as user/trustor/trustee, project,
   * audit id, trust) and then {@code revoke_model.matches} (domain, domain scope, expiry, trust,
   * consumer, audit chain, role).
   */
  static boolean matches(RevocationEvent event, TokenValues token) {
    if (token.issuedAt().isAfter(event.issuedBefore())) {
      return false;
    }
    if (event.userId() != null && !event.userId().equals(token.userId())
        && !event.userId().equals(token.trustorId())
        && !event.userId().equals(token.trusteeId())) {
      return false;
    }
    if (event.domainWideId() != null && !event.domainWideId().equals(token.identityDomainId())
        && !event.domainWideId().equals(token.assignmentDomainId())) {
      return false;
    }
    if (event.domainScopeId() != null
        && !event.domainScopeId().equals(token.assignmentDomainId())) {
      return false;
    }
    return matchesIfSet(event.projectId(), token.projectId())
        && matchesIfSet(event.auditId(), token.auditId())
        && matchesIfSet(event.trustId(), token.trustId())
        && matchesIfSet(event.expiresAt(), token.expiresAt())
        && matchesIfSet(event.consumerId(), token.consumerId())
        && matchesIfSet(event.accessTokenId(), token.accessTokenId())
        && matchesIfSet(event.auditChainId(), token.auditChainId())
        && (event.roleId() == null || token.roleIds().contains(event.roleId()));
  }

  private static boolean matchesIfSet(Object eventValue, Object tokenValue) {
    return eventValue == null || eventValue.equals(tokenValue);
  }

  private static void file(
      Map<String, Set<RevocationEvent>> index, String key, RevocationEvent event) {
    index.compute(key, (k, events) -> {
      Set<RevocationEvent> filed = events == null ? ConcurrentHashMap.newKeySet() : events;
      filed.add(event);
      return filed;
    });
  }

  private static void addIfPresent(
      List<Set<RevocationEvent>> candidates, Map<String, Set<RevocationEvent>> index, String key) {
    if (key != null) {
      candidates.add(index.get(key));
    }
  }
}
