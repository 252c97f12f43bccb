package io.tokenless.roles.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * How every store class talks to PostgreSQL. A write runs in one transaction that first bumps
 * the revision (the row lock serialises writers, so revisions follow commit order and checks
 * such as implied-role cycles see a stable graph), then does its work, then queues a
 * {@code NOTIFY} that PostgreSQL delivers only if the transaction commits.
 */
final class Database {
  private final Jdbi jdbi;
  private final List<LongConsumer> commitListeners = new CopyOnWriteArrayList<>();

  Database(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  <T> T read(HandleCallback<T, RuntimeException> work) {
    try {
      return jdbi.withHandle(work);
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
  }

  /**
   * Runs {@code work} as one write. {@code change} says what changed (e.g. {@code "assignment"}):
   * it travels in the notification so listeners can log it.
   */
  <T> T write(String change, HandleCallback<T, RuntimeException> work) {
    long[] revision = new long[1];
    T result;
    try {
      result = jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
        revision[0] = bump(handle);
        T done = work.withHandle(handle);
        handle.createQuery("SELECT pg_notify(:channel, :payload)")
            .bind("channel", RoleStore.NOTIFY_CHANNEL)
            .bind("payload", revision[0] + " " + change)
            .mapTo(String.class)
            .one();
        return done;
      });
    } catch (RuntimeException e) {
      throw SqlErrors.translate(e);
    }
    for (LongConsumer listener : commitListeners) {
      listener.accept(revision[0]);
    }
    return result;
  }

  void onCommit(LongConsumer listener) {
    commitListeners.add(listener);
  }

  void writeVoid(String change, java.util.function.Consumer<Handle> work) {
    write(change, handle -> {
      work.accept(handle);
      return null;
    });
  }

  private static long bump(Handle handle) {
    return handle.createQuery("UPDATE revision SET value = value + 1 RETURNING value")
        .mapTo(Long.class)
        .one();
  }

  long revision() {
    return read(handle -> handle.createQuery("SELECT value FROM revision").mapTo(Long.class).one());
  }
}
