package io.tokenless.revocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The revocation events of the cluster, in memory, so that checking a token costs no database
 * round trip. Events are keyed by their store id, so applying the same event twice (from this
 * node's own write and from its notification) is harmless.
 *
 * <p>Lookups are by the attributes that narrow an event most: an event naming an audit id can
 * only revoke the token with that audit id, one naming a user only that user's tokens; the rest
 * (project, domain, chain events) are few and checked one by one. Readers see an immutable
 * snapshot and never block; writers are serialised.
 */
public final class RevocationIndex {

  /** An immutable view of the events. */
  private record Snapshot(
      Map<Long, RevocationEvent> byId,
      Map<String, List<RevocationEvent>> byAuditId,
      Map<String, List<RevocationEvent>> byUserId,
      List<RevocationEvent> others) {

    static final Snapshot EMPTY = build(Map.of());

    static Snapshot build(Map<Long, RevocationEvent> events) {
      Map<String, List<RevocationEvent>> byAuditId = new HashMap<>();
      Map<String, List<RevocationEvent>> byUserId = new HashMap<>();
      List<RevocationEvent> others = new ArrayList<>();
      for (RevocationEvent event : events.values()) {
        if (event.auditId() != null) {
          byAuditId.computeIfAbsent(event.auditId(), k -> new ArrayList<>()).add(event);
        } else if (event.userId() != null) {
          byUserId.computeIfAbsent(event.userId(), k -> new ArrayList<>()).add(event);
        } else {
          others.add(event);
        }
      }
      return new Snapshot(Map.copyOf(events), byAuditId, byUserId, List.copyOf(others));
    }
  }

  private volatile Snapshot snapshot = Snapshot.EMPTY;

  /** The first event that revokes the token, if any. */
  public Optional<RevocationEvent> revokedBy(TokenFacts token) {
    Snapshot current = snapshot;
    Optional<RevocationEvent> hit = firstMatch(current.byAuditId().get(token.auditId()), token);
    if (hit.isEmpty() && token.userId() != null) {
      hit = firstMatch(current.byUserId().get(token.userId()), token);
    }
    if (hit.isEmpty() && token.trustorId() != null) {
      hit = firstMatch(current.byUserId().get(token.trustorId()), token);
    }
    if (hit.isEmpty() && token.trusteeId() != null) {
      hit = firstMatch(current.byUserId().get(token.trusteeId()), token);
    }
    if (hit.isEmpty()) {
      hit = firstMatch(current.others(), token);
    }
    return hit;
  }

  /** Whether any event revokes the token. */
  public boolean isRevoked(TokenFacts token) {
    return revokedBy(token).isPresent();
  }

  /** Adds events (stored ones, with ids); events already known are left as they are. */
  public synchronized void addAll(Collection<RevocationEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    Map<Long, RevocationEvent> next = new HashMap<>(snapshot.byId());
    for (RevocationEvent event : events) {
      if (event.id() <= 0) {
        throw new IllegalArgumentException("only stored events (with an id) can be indexed");
      }
      next.putIfAbsent(event.id(), event);
    }
    snapshot = Snapshot.build(next);
  }

  /** Replaces every event: after a full reload. */
  public synchronized void replaceAll(Collection<RevocationEvent> events) {
    Map<Long, RevocationEvent> next = new HashMap<>();
    for (RevocationEvent event : events) {
      next.put(event.id(), event);
    }
    snapshot = Snapshot.build(next);
  }

  /** Forgets events recorded before {@code cutoff}: every token they could revoke has expired. */
  public synchronized int pruneRevokedBefore(Instant cutoff) {
    Map<Long, RevocationEvent> next = new HashMap<>(snapshot.byId());
    int before = next.size();
    next.values().removeIf(e -> e.revokedAt().isBefore(cutoff));
    if (next.size() != before) {
      snapshot = Snapshot.build(next);
    }
    return before - next.size();
  }

  /** The highest event id held, 0 when empty. */
  public long highestId() {
    return snapshot.byId().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
  }

  /** How many events are held. */
  public int size() {
    return snapshot.byId().size();
  }

  private static Optional<RevocationEvent> firstMatch(List<RevocationEvent> events, TokenFacts token) {
    if (events == null) {
      return Optional.empty();
    }
    for (RevocationEvent event : events) {
      if (event.matches(token)) {
        return Optional.of(event);
      }
    }
    return Optional.empty();
  }
}
