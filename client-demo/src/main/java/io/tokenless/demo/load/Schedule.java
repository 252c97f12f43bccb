package io.tokenless.demo.load;

import java.util.concurrent.locks.LockSupport;

/**
 * The run's clock, in {@link System#nanoTime()} units: all connections start together, warm up,
 * and only requests scheduled at or after {@code measureStart} count. A request under way at
 * {@code end} is completed and counted; no new one starts.
 *
 * @param start         when the connections start sending
 * @param measureStart  end of the warm-up
 * @param end           no request starts at or after this
 * @param intervalNanos time between the scheduled starts of one connection's requests; 0 for
 *                      a closed loop (the next request as soon as the previous response is in)
 */
record Schedule(long start, long measureStart, long end, long intervalNanos) {

  static Schedule startingSoon(long warmupNanos, long durationNanos, double ratePerSecond, int connections) {
    // Time for every thread to be parked at the start line before the clock starts.
    long start = System.nanoTime() + 100_000_000L;
    long interval = ratePerSecond > 0 ? Math.round(connections * 1e9 / ratePerSecond) : 0;
    return new Schedule(start, start + warmupNanos, start + warmupNanos + durationNanos, Math.max(interval, 0));
  }

  boolean paced() {
    return intervalNanos > 0;
  }

  /** First scheduled start of connection {@code index}: paced connections are spread evenly. */
  long firstStart(int index, int connections) {
    return paced() ? start + intervalNanos * index / connections : start;
  }

  static boolean reached(long now, long instant) {
    return now - instant >= 0;
  }

  /** Parks the calling thread until {@code deadline}; returns at once if it has passed. */
  static void parkUntil(long deadline) {
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }
}
