package io.tokenless.audit;

import io.tokenless.web.NonBlocking;
import java.util.function.Supplier;

/**
 * An audit log for requests that may be answered twice: one tried on an IO thread is thrown away
 * when it would block and answered again on a worker thread ({@link NonBlocking}). Events are
 * built when they happen, and recorded once the attempt that made them has been kept, so every
 * request leaves its events exactly once.
 */
public final class DeferredAuditLog implements AuditLog {
  private final AuditLog sink;

  private DeferredAuditLog(AuditLog sink) {
    this.sink = sink;
  }

  /** {@code sink} with deferred recording; {@link AuditLog#NONE} stays as it is, free. */
  public static AuditLog around(AuditLog sink) {
    return sink == AuditLog.NONE ? sink : new DeferredAuditLog(sink);
  }

  @Override
  public void record(AuditEvent event) {
    NonBlocking.afterAttempt(() -> sink.record(event));
  }

  @Override
  public void record(Supplier<AuditEvent> event) {
    record(event.get());
  }

  @Override
  public void close() {
    sink.close();
  }
}
