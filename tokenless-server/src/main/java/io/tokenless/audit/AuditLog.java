package io.tokenless.audit;

import java.util.function.Supplier;

/**
 * Where audit events go. Implementations are thread-safe and never throw to the caller: an
 * audit sink that cannot write reports that in the application log, and the request goes on.
 */
public interface AuditLog extends AutoCloseable {

  /** Discards every event. */
  AuditLog NONE = new AuditLog() {
    @Override
    public void record(AuditEvent event) {}

    @Override
    public void record(Supplier<AuditEvent> event) {}

    @Override
    public void close() {}
  };

  void record(AuditEvent event);

  /** Records the event {@code event} builds, built only when events are kept (the hot path asks). */
  default void record(Supplier<AuditEvent> event) {
    record(event.get());
  }

  @Override
  void close();
}
