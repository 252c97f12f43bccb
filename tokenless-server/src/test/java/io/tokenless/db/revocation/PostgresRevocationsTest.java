package io.tokenless.db.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.config.DatabaseConfig;
import io.tokenless.db.Database;
import io.tokenless.revocation.TokenValues;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two nodes on one PostgreSQL: an event recorded on one is enforced by the other. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRevocationsTest {

  Database databaseA;
  Database databaseB;
  PostgresRevocations nodeA;
  PostgresRevocations nodeB;

  @BeforeAll
  void start(TestDatabase db) throws Exception {
    DatabaseConfig config = new DatabaseConfig(db.jdbcUrl(), db.user(), db.password(), 3);
    databaseA = Database.open(config);
    databaseA.migrate();
    databaseB = Database.open(config);
    nodeA = new PostgresRevocations(databaseA.dataSource(), Clock.systemUTC(), Duration.ofHours(1));
    nodeB = new PostgresRevocations(databaseB.dataSource(), Clock.systemUTC(), Duration.ofHours(1));
    assertThat(nodeA.awaitListening(Duration.ofSeconds(10))).isTrue();
    assertThat(nodeB.awaitListening(Duration.ofSeconds(10))).isTrue();
  }

  @AfterAll
  void stop() {
    nodeA.close();
    nodeB.close();
    databaseA.close();
    databaseB.close();
  }

  @Test
  void auditIdRevokedOnOneNode_isRejectedByTheOtherWithinASecond() throws Exception {
    TokenValues token = token(auditId(), "u1", Instant.now().minusSeconds(10));
    assertThat(nodeB.isRevoked(token)).isFalse();

    nodeA.revokeAuditId(token.auditId());

    assertThat(nodeA.isRevoked(token)).as("at once on the recording node").isTrue();
    assertThat(waitUntilRevoked(nodeB, token, Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void userRevokedOnOneNode_revokesEveryTokenOfTheUserOnTheOther() throws Exception {
    String user = UUID.randomUUID().toString().replace("-", "");
    TokenValues first = token(auditId(), user, Instant.now().minusSeconds(100));
    TokenValues second = token(auditId(), user, Instant.now().minusSeconds(1));

    nodeB.revokeUser(user);

    assertThat(waitUntilRevoked(nodeA, first, Duration.ofSeconds(1))).isTrue();
    assertThat(nodeA.isRevoked(second)).isTrue();
    assertThat(nodeA.isRevoked(token(auditId(), user, Instant.now().plusSeconds(2)))).isFalse();
  }

  @Test
  void anEventWrittenBySqlAlone_reachesEveryNode() throws Exception {
    TokenValues token = token(auditId(), "u2", Instant.now().minusSeconds(10));
    Instant now = Instant.now();
    try (Connection connection = databaseA.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO revocation_event (audit_id, issued_before, revoked_at) VALUES (?, ?, ?)")) {
      insert.setString(1, token.auditId());
      insert.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      insert.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
      insert.executeUpdate();
    }

    assertThat(waitUntilRevoked(nodeA, token, Duration.ofSeconds(1))).isTrue();
    assertThat(waitUntilRevoked(nodeB, token, Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void aNewNode_startsWithEveryStoredEvent() {
    TokenValues token = token(auditId(), "u3", Instant.now().minusSeconds(10));
    nodeA.revokeAuditId(token.auditId());

    try (PostgresRevocations nodeC = new PostgresRevocations(databaseB.dataSource(), Clock.systemUTC(),
        Duration.ofHours(1))) {
      assertThat(nodeC.isRevoked(token)).isTrue();
      assertThat(nodeC.highestId()).isPositive();
    }
  }

  @Test
  void eventsOlderThanTheRetention_arePrunedOnStart() throws Exception {
    Instant old = Instant.now().minus(Duration.ofDays(30));
    String audit = auditId();
    try (Connection connection = databaseA.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO revocation_event (audit_id, issued_before, revoked_at) VALUES (?, ?, ?)")) {
      insert.setString(1, audit);
      insert.setObject(2, OffsetDateTime.ofInstant(old, ZoneOffset.UTC));
      insert.setObject(3, OffsetDateTime.ofInstant(old, ZoneOffset.UTC));
      insert.executeUpdate();
    }

    try (PostgresRevocations nodeC = new PostgresRevocations(databaseB.dataSource(), Clock.systemUTC(),
        Duration.ofHours(1))) {
      assertThat(nodeC.isRevoked(token(audit, "u4", old.minusSeconds(60)))).isFalse();
    }
    try (Connection connection = databaseA.dataSource().getConnection();
        PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM revocation_event WHERE audit_id = ?")) {
      count.setString(1, audit);
      var rs = count.executeQuery();
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void afterLosingItsConnection_aNodeReconnectsAndSeesEventsItMissed() throws Exception {
    TokenValues token = token(auditId(), "u5", Instant.now().minusSeconds(10));
    Instant now = Instant.now();
    try (Connection connection = databaseA.dataSource().getConnection()) {
      // Every other session of this database goes, the listeners' included.
      try (PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
          + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
        kill.execute();
      }
      // Written while the listeners are down: only their reload after reconnecting can see it.
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO revocation_event (audit_id, issued_before, revoked_at) VALUES (?, ?, ?)")) {
        insert.setString(1, token.auditId());
        insert.setObject(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        insert.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        insert.executeUpdate();
      }
    }

    assertThat(waitUntilRevoked(nodeB, token, Duration.ofSeconds(5))).isTrue();
    TokenValues later = token(auditId(), "u6", Instant.now().minusSeconds(10));
    nodeA.revokeAuditId(later.auditId());
    assertThat(waitUntilRevoked(nodeB, later, Duration.ofSeconds(1))).as("notifications flow again").isTrue();
  }

  private static boolean waitUntilRevoked(PostgresRevocations node, TokenValues token, Duration within)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (node.isRevoked(token)) {
        return true;
      }
      Thread.sleep(10);
    }
    return node.isRevoked(token);
  }

  private static String auditId() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  }

  private static TokenValues token(String auditId, String userId, Instant issuedAt) {
    return new TokenValues(userId, "default", "p1", "default", null, null, null, null, null, auditId, null,
        Set.of(), issuedAt.plusSeconds(3600), issuedAt);
  }
}
