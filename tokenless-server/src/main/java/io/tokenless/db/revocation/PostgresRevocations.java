package io.tokenless.db.revocation;

import io.tokenless.error.UnavailableException;
import io.tokenless.revocation.RevocationEvent;
import io.tokenless.revocation.RevocationIndex;
import io.tokenless.revocation.Revocations;
import io.tokenless.revocation.TokenValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation events in PostgreSQL (table {@code revocation_event}, migration V110), mirrored in
 * a {@link RevocationIndex} on every node.
 *
 * <p>A listener thread holds one connection that {@code LISTEN}s on {@link #CHANNEL}; an insert
 * trigger notifies each new event id, and the listener fetches the events past the highest id it
 * holds plus the notified ids (sequence ids can commit out of order, so "greater than the last
 * seen" alone could skip one). After a lost connection it reconnects and reloads everything,
 * since notifications sent meanwhile are gone. A node's own events are applied to its index
 * before {@code revoke*} returns. Matching is the shared {@link RevocationIndex}'s (Keystone's rules).
 *
 * <p>Events are pruned (from the table and the index) once no token they could revoke can still
 * be accepted: after the token lifetime plus the allow-expired window plus Keystone's
 * {@code [revoke] expiration_buffer} of 30 minutes.
 */
public final class PostgresRevocations implements Revocations, AutoCloseable {

  /** The PostgreSQL notification channel of new events. */
  public static final String CHANNEL = "tokenless_revocations";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRevocations.class);
  private static final Duration EXPIRATION_BUFFER = Duration.ofMinutes(30);
  private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(10);
  private static final int POLL_MILLIS = 250;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final String COLUMNS = "id, audit_id, audit_chain_id, user_id, project_id, domain_id,"
      + " role_id, trust_id, consumer_id, access_token_id, expires_at, issued_before, revoked_at";

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration retention;
  /** Replaced whole after a full reload, so a reader never sees a half-built index. */
  private volatile RevocationIndex index = new RevocationIndex();
  /** The highest event id loaded; only the listener thread and start-up write it. */
  private volatile long highestId;
  private final CountDownLatch listening = new CountDownLatch(1);
  private final Thread listener;
  private volatile boolean running = true;
  private long lastPruneNanos;

  /**
   * Loads every event now (so a node starts with the cluster's revocations) and starts the
   * listener.
   *
   * @param dataSource a pool on the migrated schema; the listener keeps one of its connections
   * @param retention  how long after being recorded an event can still matter: the longest a
   *                   token can be accepted (lifetime plus allow-expired window)
   * @throws UnavailableException if PostgreSQL cannot be read
   */
  public PostgresRevocations(DataSource dataSource, Clock clock, Duration retention) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retention = Objects.requireNonNull(retention, "retention").plus(EXPIRATION_BUFFER);
    try (Connection connection = dataSource.getConnection()) {
      prune(connection);
      reloadAll(connection);
    } catch (SQLException e) {
      throw unavailable(e);
    }
    LOG.info("Loaded {} revocation events", index.size());
    this.listener = new Thread(this::listen, "revocation-listener");
    listener.setDaemon(true);
    listener.start();
  }

  /** Waits until the listener is subscribed; for tests and start-up ordering. */
  public boolean awaitListening(Duration timeout) throws InterruptedException {
    return listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public RevocationEvent revokeAuditId(String auditId) {
    return record(RevocationEvent.ofAuditId(auditId, clock.instant()));
  }

  @Override
  public RevocationEvent revokeAuditChain(String auditChainId) {
    return record(RevocationEvent.builder(second()).auditChainId(auditChainId).build());
  }

  @Override
  public RevocationEvent revokeUser(String userId) {
    return record(RevocationEvent.ofUser(userId, clock.instant()));
  }

  @Override
  public RevocationEvent revokeUserOnProject(String userId, String projectId) {
    return record(RevocationEvent.builder(second()).userId(userId).projectId(projectId).build());
  }

  @Override
  public RevocationEvent revokeProject(String projectId) {
    return record(RevocationEvent.builder(second()).projectId(projectId).build());
  }

  @Override
  public boolean isRevoked(TokenValues token) {
    return index.isRevoked(token);
  }

  /** How many events this node holds in memory. */
  public int size() {
    return index.size();
  }

  /** The highest event id this node has loaded. */
  public long highestId() {
    return highestId;
  }

  /** Keystone records events to the second ({@code revoked_at} without microseconds). */
  private Instant second() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  /** Stores an event, applies it here and lets the other nodes know (through the trigger). */
  public RevocationEvent record(RevocationEvent event) {
    String sql = "INSERT INTO revocation_event (audit_id, audit_chain_id, user_id, project_id, domain_id,"
        + " role_id, trust_id, consumer_id, access_token_id, expires_at, issued_before, revoked_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setString(1, event.auditId());
      insert.setString(2, event.auditChainId());
      insert.setString(3, event.userId());
      insert.setString(4, event.projectId());
      insert.setString(5, event.domainId());
      insert.setString(6, event.roleId());
      insert.setString(7, event.trustId());
      insert.setString(8, event.consumerId());
      insert.setString(9, event.accessTokenId());
      setTime(insert, 10, event.expiresAt());
      setTime(insert, 11, event.issuedBefore());
      setTime(insert, 12, event.revokedAt());
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        index.add(event);
        LOG.info("Recorded revocation event {} (audit id {}, user {}, project {})", rs.getLong(1),
            event.auditId(), event.userId(), event.projectId());
        return event;
      }
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  @Override
  public void close() {
    running = false;
    listener.interrupt();
    try {
      listener.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // --- the listener thread

  private void listen() {
    long backoff = 100;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        // Reload after LISTEN: an event committed in between is then both loaded and notified.
        reloadAll(connection);
        listening.countDown();
        backoff = 100;
        while (running) {
          PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
          if (notifications != null && notifications.length > 0) {
            fetchNew(connection, notifications);
          }
          if (System.nanoTime() - lastPruneNanos > PRUNE_INTERVAL.toNanos()) {
            prune(connection);
          }
        }
      } catch (SQLException e) {
        if (!running) {
          return;
        }
        LOG.warn("Revocation listener lost PostgreSQL ({}); reconnecting in {} ms and reloading",
            e.getMessage(), backoff);
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void fetchNew(Connection connection, PGNotification[] notifications) throws SQLException {
    Set<Long> notified = new HashSet<>();
    for (PGNotification notification : notifications) {
      try {
        notified.add(Long.parseLong(notification.getParameter().trim()));
      } catch (NumberFormatException e) {
        LOG.debug("Ignoring revocation notification with payload {}", notification.getParameter());
      }
    }
    long highest = highestId;
    Long[] ids = notified.toArray(Long[]::new);
    List<Loaded> events = load(connection,
        "SELECT " + COLUMNS + " FROM revocation_event WHERE id > ? OR id = ANY (?)", ps -> {
          ps.setLong(1, highest);
          ps.setArray(2, ps.getConnection().createArrayOf("bigint", ids));
        });
    RevocationIndex current = index;
    for (Loaded loaded : events) {
      current.add(loaded.event());
      highestId = Math.max(highestId, loaded.id());
    }
    LOG.debug("Fetched {} revocation events after notification", events.size());
  }

  private void prune(Connection connection) throws SQLException {
    lastPruneNanos = System.nanoTime();
    Instant cutoff = clock.instant().minus(retention);
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM revocation_event WHERE revoked_at < ?")) {
      setTime(delete, 1, cutoff);
      int deleted = delete.executeUpdate();
      index.pruneRevokedBefore(cutoff);
      if (deleted > 0) {
        LOG.info("Pruned {} revocation events recorded before {}", deleted, cutoff);
      }
    }
  }

  // --- JDBC helpers

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** An event with its row id. */
  private record Loaded(long id, RevocationEvent event) {}

  /** Replaces the index with every stored event. */
  private void reloadAll(Connection connection) throws SQLException {
    RevocationIndex fresh = new RevocationIndex();
    long highest = 0;
    for (Loaded loaded : load(connection, "SELECT " + COLUMNS + " FROM revocation_event", ps -> {})) {
      fresh.add(loaded.event());
      highest = Math.max(highest, loaded.id());
    }
    index = fresh;
    highestId = highest;
  }

  private static List<Loaded> load(Connection connection, String sql, Binder binder)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      binder.bind(query);
      List<Loaded> events = new ArrayList<>();
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          events.add(new Loaded(rs.getLong("id"), new RevocationEvent(rs.getString("audit_id"),
              rs.getString("audit_chain_id"), rs.getString("user_id"), rs.getString("project_id"),
              rs.getString("domain_id"), rs.getString("trust_id"), rs.getString("consumer_id"),
              rs.getString("access_token_id"), rs.getString("role_id"), time(rs, "expires_at"),
              time(rs, "issued_before"), time(rs, "revoked_at"))));
        }
      }
      return events;
    }
  }

  private static void setTime(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  private static Instant time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static UnavailableException unavailable(SQLException e) {
    return new UnavailableException("revocation events cannot be read or written now",
        Duration.ofSeconds(1), e);
  }
}
