package io.tokenless.audit;

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
    public void close() {}
  };

  void record(AuditEvent event);

  @Override
  void close();
}
