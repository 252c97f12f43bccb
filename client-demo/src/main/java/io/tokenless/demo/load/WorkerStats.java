package io.tokenless.demo.load;

import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one connection thread saw during the measured window. Written only by its own thread
 * and read after that thread has ended, so it needs no synchronisation.
 */
final class WorkerStats {
  /** Latencies up to an hour in nanoseconds, three significant digits. */
  static Histogram newHistogram() {
    return new Histogram(3_600_000_000_000L, 3);
  }

  final Histogram latency = newHistogram();
  final Histogram serviceTime = newHistogram();
  final long[] statusCounts = new long[600];
  final Map<String, Long> ioErrors = new HashMap<>();
  /** The first message of each kind of I/O error, for the operator (never a header value). */
  final Map<String, String> errorExamples = new HashMap<>();
  long responses;
  /** Responses to requests sent during the warm-up (they reached the server, but are not measured). */
  long warmupResponses;
  long bytesSent;
  long bytesReceived;
  long connectionsOpened;
  long finishedAt;

  /**
   * @param latencyNanos     from when the request should have started (the schedule) to its response
   * @param serviceTimeNanos from when it really started
   */
  void response(int status, long latencyNanos, long serviceTimeNanos) {
    responses++;
    statusCounts[Math.min(Math.max(status, 0), statusCounts.length - 1)]++;
    latency.recordValue(Math.min(latencyNanos, latency.getHighestTrackableValue()));
    serviceTime.recordValue(Math.min(serviceTimeNanos, serviceTime.getHighestTrackableValue()));
  }

  void ioError(String kind, Exception cause) {
    ioErrors.merge(kind, 1L, Long::sum);
    errorExamples.putIfAbsent(kind, cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }
}
