package io.tokenless.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keystone's matching rules, one attribute at a time. */
class RevocationEventTest {

  static final Instant EVENT = Instant.parse("2026-11-23T22:10:00.700Z");

  @Test
  void auditIdEvent_revokesThatTokenOnly() {
    RevocationEvent event = RevocationEvent.auditId("AAAAAAAAAAAAAAAAAAAAAA", EVENT);

    assertThat(event.matches(token("AAAAAAAAAAAAAAAAAAAAAA", null, "u1", "p1", "2026-11-23T22:09:00Z"))).isTrue();
    assertThat(event.matches(token("BBBBBBBBBBBBBBBBBBBBBB", null, "u1", "p1", "2026-11-23T22:09:00Z"))).isFalse();
    assertThat(event.matches(token("BBBBBBBBBBBBBBBBBBBBBB", "AAAAAAAAAAAAAAAAAAAAAA", "u1", "p1",
        "2026-11-23T22:09:00Z"))).as("a token re-scoped from it").isFalse();
  }

  @Test
  void issuedBefore_isInclusiveAtSecondPrecision() {
    RevocationEvent event = RevocationEvent.user("u1", EVENT);

    assertThat(event.issuedBefore()).isEqualTo(Instant.parse("2026-11-23T22:10:00Z"));
    assertThat(event.matches(token("A", null, "u1", null, "2026-11-23T22:09:59Z"))).isTrue();
    assertThat(event.matches(token("A", null, "u1", null, "2026-11-23T22:10:00Z"))).as("same second").isTrue();
    assertThat(event.matches(token("A", null, "u1", null, "2026-11-23T22:10:01Z"))).as("next second").isFalse();
  }

  @Test
  void userEvent_matchesTrustorAndTrusteeToo() {
    RevocationEvent event = RevocationEvent.user("u1", EVENT);
    TokenFacts trust = new TokenFacts("u2", "d", "p1", "d", "t1", "u1", "u2", null, null, "A", null,
        Set.of(), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));

    assertThat(event.matches(trust)).isTrue();
    assertThat(event.matches(token("A", null, "u3", null, "2026-11-23T22:00:00Z"))).isFalse();
  }

  @Test
  void userOnProjectEvent_needsBothToMatch() {
    RevocationEvent event = RevocationEvent.userOnProject("u1", "p1", EVENT);

    assertThat(event.matches(token("A", null, "u1", "p1", "2026-11-23T22:00:00Z"))).isTrue();
    assertThat(event.matches(token("A", null, "u1", "p2", "2026-11-23T22:00:00Z"))).isFalse();
    assertThat(event.matches(token("A", null, "u1", null, "2026-11-23T22:00:00Z"))).isFalse();
    assertThat(event.matches(token("A", null, "u2", "p1", "2026-11-23T22:00:00Z"))).isFalse();
  }

  @Test
  void auditChainEvent_revokesTokensRescopedFromIt() {
    RevocationEvent event = RevocationEvent.auditChain("AAAAAAAAAAAAAAAAAAAAAA", EVENT);

    assertThat(event.matches(token("BBBBBBBBBBBBBBBBBBBBBB", "AAAAAAAAAAAAAAAAAAAAAA", "u1", null,
        "2026-11-23T22:00:00Z"))).isTrue();
    assertThat(event.matches(token("BBBBBBBBBBBBBBBBBBBBBB", null, "u1", null, "2026-11-23T22:00:00Z"))).isFalse();
  }

  @Test
  void domainEvent_matchesUserDomainOrScopeDomain_butWithExpiryOnlyTheScope() {
    Instant at = Instant.parse("2026-11-23T22:10:00Z");
    RevocationEvent domain = new RevocationEvent(1, null, null, null, null, "d1", null, null, null, null,
        null, at, at);
    RevocationEvent domainScope = new RevocationEvent(2, null, null, null, null, "d1", null, null, null, null,
        Instant.parse("2026-11-23T23:00:00.400Z"), at, at);
    TokenFacts userInD1 = new TokenFacts("u1", "d1", null, "d2", null, null, null, null, null, "A", null,
        Set.of(), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));
    TokenFacts scopedToD1 = new TokenFacts("u1", "d2", null, "d1", null, null, null, null, null, "A", null,
        Set.of(), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));

    assertThat(domain.matches(userInD1)).isTrue();
    assertThat(domain.matches(scopedToD1)).isTrue();
    assertThat(domainScope.matches(userInD1)).isFalse();
    assertThat(domainScope.matches(scopedToD1)).as("expiry compared at second precision").isTrue();
  }

  @Test
  void roleEvent_matchesTokensCarryingTheRole() {
    Instant at = Instant.parse("2026-11-23T22:10:00Z");
    RevocationEvent event = new RevocationEvent(1, null, null, "u1", null, null, "r1", null, null, null,
        null, at, at);
    TokenFacts withRole = new TokenFacts("u1", "d", null, null, null, null, null, null, null, "A", null,
        Set.of("r1", "r2"), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));
    TokenFacts without = new TokenFacts("u1", "d", null, null, null, null, null, null, null, "A", null,
        Set.of("r2"), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse("2026-11-23T22:00:00Z"));

    assertThat(event.matches(withRole)).isTrue();
    assertThat(event.matches(without)).isFalse();
  }

  @Test
  void index_findsEventsByAuditIdUserAndTheRest() {
    RevocationIndex index = new RevocationIndex();
    index.addAll(List.of(RevocationEvent.auditId("A1", EVENT).withId(1), RevocationEvent.user("u9", EVENT).withId(2),
        RevocationEvent.project("p9", EVENT).withId(3)));

    assertThat(index.isRevoked(token("A1", null, "u1", "p1", "2026-11-23T22:00:00Z"))).isTrue();
    assertThat(index.isRevoked(token("A2", null, "u9", "p1", "2026-11-23T22:00:00Z"))).isTrue();
    assertThat(index.isRevoked(token("A2", null, "u1", "p9", "2026-11-23T22:00:00Z"))).isTrue();
    assertThat(index.isRevoked(token("A2", null, "u1", "p1", "2026-11-23T22:00:00Z"))).isFalse();
    assertThat(index.pruneRevokedBefore(EVENT.plusSeconds(1))).isEqualTo(3);
    assertThat(index.isRevoked(token("A1", null, "u1", "p1", "2026-11-23T22:00:00Z"))).isFalse();
  }

  private static TokenFacts token(String auditId, String chain, String userId, String projectId, String issuedAt) {
    return new TokenFacts(userId, "default", projectId, projectId == null ? null : "default", null, null, null,
        null, null, auditId, chain, Set.of(), Instant.parse("2026-11-23T23:00:00Z"), Instant.parse(issuedAt));
  }
}
