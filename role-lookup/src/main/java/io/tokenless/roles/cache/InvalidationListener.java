package io.tokenless.roles.cache;

import io.tokenless.roles.store.RoleStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection LISTENing on {@link RoleStore#NOTIFY_CHANNEL} and reports each write's
 * revision. When the connection is lost it reconnects with exponential backoff, LISTENs again
 * and reports the reconnect: notifications sent while it was away are gone, so the owner must
 * assume anything changed.
 */
final class InvalidationListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InvalidationListener.class);

  /** Receives what the listener learns. Called on the listener thread. */
  interface Events {
    /** A write committed at {@code revision}. */
    void changed(long revision);

    /** The listener is (again) connected; earlier notifications may have been missed. */
    void connected();

    /** The listener lost its connection; until {@link #connected()} writes go unheard. */
    void disconnected();
  }

  private static final int POLL_MILLIS = 250;
  // A silently dead TCP connection only shows when we send something: ping this often.
  private static final long PING_NANOS = Duration.ofSeconds(1).toNanos();

  private final Connector connector;
  private final Events events;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Thread thread;
  private final AtomicReference<Connection> current = new AtomicReference<>();
  private volatile boolean running = true;

  InvalidationListener(Connector connector, Events events, Duration initialBackoff, Duration maxBackoff) {
    this.connector = connector;
    this.events = events;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = new Thread(this::run, "tokenless-roles-listener");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    Duration backoff = initialBackoff;
    boolean everConnected = false;
    // One WARN per outage, not one per retry.
    boolean outageReported = false;
    while (running) {
      try (Connection connection = connector.connect()) {
        current.set(connection);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + RoleStore.NOTIFY_CHANNEL);
        }
        if (everConnected) {
          log.info("role cache listener reconnected; dropping cached answers");
        } else {
          log.debug("role cache listener connected");
        }
        everConnected = true;
        outageReported = false;
        events.connected();
        backoff = initialBackoff;
        listen(connection);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        events.disconnected();
        if (!outageReported) {
          log.warn("role cache listener cannot reach PostgreSQL ({}); cached answers are served until their TTL,"
              + " reconnecting with backoff up to {} ms", e.getMessage(), maxBackoff.toMillis());
          outageReported = true;
        }
        log.debug("listener failure, retrying in {} ms", backoff.toMillis(), e);
        if (!sleep(backoff)) {
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
      } finally {
        current.set(null);
      }
    }
  }

  private void listen(Connection connection) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    long lastPing = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        long highest = -1;
        for (PGNotification notification : notifications) {
          highest = Math.max(highest, revisionOf(notification.getParameter()));
        }
        events.changed(highest);
      }
      if (System.nanoTime() - lastPing > PING_NANOS) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SELECT 1");
        }
        lastPing = System.nanoTime();
      }
    }
  }

  /** The payload is {@code "<revision> <what>"}; an unreadable one counts as "something changed". */
  private static long revisionOf(String payload) {
    int space = payload.indexOf(' ');
    try {
      return Long.parseLong(space < 0 ? payload : payload.substring(0, space));
    } catch (NumberFormatException e) {
      log.debug("unreadable notification payload {}", payload);
      return Long.MAX_VALUE;
    }
  }

  private boolean sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    Connection connection = current.get();
    if (connection != null) {
      try {
        // Unblocks the listener thread if it waits on the socket.
        connection.close();
      } catch (SQLException e) {
        log.debug("closing the listener connection failed", e);
      }
    }
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
