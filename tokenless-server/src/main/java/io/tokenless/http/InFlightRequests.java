package io.tokenless.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the requests being answered, so that shutdown can wait for them before it closes their
 * connections. Once {@link #drain draining}, every answer carries {@code Connection: close}: a
 * keep-alive client then sends its next request on a new connection, which a stopping server
 * refuses, instead of onto one that is about to be closed under it.
 *
 * <p>Unlike Undertow's {@code GracefulShutdownHandler} it never answers {@code 503} itself: a
 * request that reaches a stopping server on a connection it already has is still answered
 * properly, since everything behind it (PostgreSQL, caches, keys) is only closed after the drain.
 */
final class InFlightRequests implements HttpHandler {
  private final HttpHandler next;
  // Counted without a lock: a lock taken twice per request is one a descheduled thread can hold.
  private final AtomicInteger active = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private volatile boolean draining;

  InFlightRequests(HttpHandler next) {
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    active.incrementAndGet();
    exchange.addExchangeCompleteListener((done, nextListener) -> {
      finished();
      nextListener.proceed();
    });
    // Decided when the response head is written, so a request already running when the drain
    // starts also tells its client not to reuse the connection.
    exchange.addResponseCommitListener(committing -> {
      if (draining) {
        committing.setPersistent(false);
      }
    });
    next.handleRequest(exchange);
  }

  private void finished() {
    // drain() sets draining before it looks at the count under the lock, so this wakes it.
    if (active.decrementAndGet() == 0 && draining) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Marks the server as stopping and waits until no request is being answered, or {@code timeout}
   * passed. Returns how many requests were still being answered then (0 on a clean drain).
   */
  int drain(Duration timeout) throws InterruptedException {
    draining = true;
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (active.get() > 0 && left > 0) {
        left = idle.awaitNanos(left);
      }
      return active.get();
    } finally {
      lock.unlock();
    }
  }

  /** Requests being answered now. */
  int active() {
    return active.get();
  }
}
