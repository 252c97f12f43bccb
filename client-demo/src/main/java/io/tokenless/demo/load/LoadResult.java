package io.tokenless.demo.load;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The merged outcome of a run.
 *
 * @param elapsedNanos      from the end of the warm-up until the last connection finished
 * @param responses         responses received (any status)
 * @param warmupResponses   responses received during the warm-up, not otherwise counted (for
 *                          server-side accounting: the server did that work too)
 * @param statusCounts      responses by status code
 * @param ioErrors          requests that got no response, by kind ({@code connect-refused},
 *                          {@code closed-before-response}, {@code read-timeout}, ...)
 * @param errorExamples     the first message seen for each kind in {@code ioErrors}
 * @param bytesSent         request bytes written
 * @param bytesReceived     response bytes read
 * @param connectionsOpened connections opened during the measured window
 * @param latency           nanoseconds per response; from the scheduled start when paced
 * @param serviceTime       nanoseconds from the actual start (equal to latency when not paced)
 * @param clientCpuNanos    CPU this process used from the end of the warm-up to the end, -1 if unknown
 */
public record LoadResult(long elapsedNanos, long responses, long warmupResponses, SortedMap<Integer, Long> statusCounts,
    SortedMap<String, Long> ioErrors, SortedMap<String, String> errorExamples, long bytesSent, long bytesReceived, long connectionsOpened,
    Histogram latency, Histogram serviceTime, long clientCpuNanos) {

  public LoadResult {
    statusCounts = Collections.unmodifiableSortedMap(new TreeMap<>(statusCounts));
    ioErrors = Collections.unmodifiableSortedMap(new TreeMap<>(ioErrors));
    errorExamples = Collections.unmodifiableSortedMap(new TreeMap<>(errorExamples));
  }

  /** Responses with a 2xx status. */
  public long successes() {
    return statusCounts.entrySet().stream()
        .filter(e -> e.getKey() >= 200 && e.getKey() < 300)
        .mapToLong(Map.Entry::getValue).sum();
  }

  public long ioErrorCount() {
    return ioErrors.values().stream().mapToLong(Long::longValue).sum();
  }

  public double perSecond() {
    return elapsedNanos <= 0 ? 0 : responses * 1e9 / elapsedNanos;
  }
}
