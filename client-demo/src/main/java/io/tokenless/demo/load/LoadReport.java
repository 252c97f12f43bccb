package io.tokenless.demo.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * A run as printed: the human summary and, for scripts, one JSON object on one line. Neither
 * contains a header value, so no credential is ever printed.
 *
 * @param mode          {@code http} or {@code mint-only}
 * @param mechanism     none, spnego, cert or token
 * @param method        request method
 * @param url           target URL
 * @param concurrency   connections (or minting threads)
 * @param newConnection one connection per request
 * @param targetRate    requested rate per second, 0 when unpaced
 * @param warmupS       warm-up seconds
 * @param durationS     measured seconds, as elapsed
 * @param requests      responses received (tokens minted in mint-only mode)
 * @param warmupRequests responses received during the warm-up (not in any other figure)
 * @param perSecond     requests (or tokens) per second
 * @param ok            2xx responses
 * @param statusCounts  responses by status
 * @param nonSuccess    responses that were not 2xx
 * @param ioErrors      failed requests by kind
 * @param errorExamples first message of each kind of failure
 * @param latencyMs     latency percentiles in milliseconds
 * @param serviceTimeMs percentiles from the actual send, when paced (else absent)
 * @param bytesSent     request bytes
 * @param bytesReceived response bytes
 * @param connections   connections opened in the measured window
 * @param clientCpuUsPerRequest CPU microseconds this generator spent per request (or token) while
 *                      measuring, all its threads included; -1 if unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadReport(String mode, String mechanism, String method, String url, int concurrency,
    boolean newConnection, double targetRate, double warmupS, double durationS, long requests, long warmupRequests,
    double perSecond,
    long ok, SortedMap<String, Long> statusCounts, long nonSuccess, SortedMap<String, Long> ioErrors,
    SortedMap<String, String> errorExamples,
    Percentiles latencyMs, Percentiles serviceTimeMs, long bytesSent, long bytesReceived, long connections,
    double clientCpuUsPerRequest) {

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /**
   * Latency percentiles in milliseconds.
   */
  public record Percentiles(double p50, double p90, double p99, double p999, double max, double mean) {
    static Percentiles of(Histogram h) {
      return new Percentiles(ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)),
          ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), ms(h.getMean()));
    }

    private static double ms(double nanos) {
      return Math.round(nanos / 1_000.0) / 1_000.0;
    }
  }

  static LoadReport of(String mode, String mechanism, String method, String url, int concurrency,
      boolean newConnection, double targetRate, double warmupSeconds, LoadResult result) {
    SortedMap<String, Long> statuses = new TreeMap<>();
    result.statusCounts().forEach((status, count) -> statuses.put(Integer.toString(status), count));
    // A minted token has no status: each one is a success.
    long ok = mode.equals("mint-only") ? result.responses() : result.successes();
    boolean paced = targetRate > 0;
    return new LoadReport(mode, mechanism, method, url, concurrency, newConnection, targetRate, warmupSeconds,
        Math.round(result.elapsedNanos() / 1e6) / 1e3, result.responses(), result.warmupResponses(),
        Math.round(result.perSecond() * 10) / 10.0, ok, statuses, result.responses() - ok,
        new TreeMap<>(result.ioErrors()), new TreeMap<>(result.errorExamples()), Percentiles.of(result.latency()),
        paced ? Percentiles.of(result.serviceTime()) : null, result.bytesSent(), result.bytesReceived(),
        result.connectionsOpened(), cpuPerRequest(result));
  }

  private static double cpuPerRequest(LoadResult result) {
    if (result.clientCpuNanos() < 0 || result.responses() == 0) {
      return -1;
    }
    return Math.round(result.clientCpuNanos() / 100.0 / result.responses()) / 10.0;
  }

  /** The one-line JSON form. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report not serialisable", e);
    }
  }

  /** The human form, a few aligned lines. */
  public String toText() {
    boolean minting = mode.equals("mint-only");
    String unit = minting ? "tokens" : "requests";
    StringBuilder text = new StringBuilder();
    if (minting) {
      text.append(String.format(Locale.ROOT, "mint-only: %s tokens, %d threads, %.1f s (after %.1f s warm-up)%n",
          mechanism, concurrency, durationS, warmupS));
    } else {
      text.append(String.format(Locale.ROOT, "load: %s %s, mechanism %s, %d connections%s, %.1f s (after %.1f s warm-up)%s%n",
          method, url, mechanism, concurrency, newConnection ? " (a new one per request)" : " (keep-alive)",
          durationS, warmupS, targetRate > 0 ? String.format(Locale.ROOT, ", paced at %.0f/s", targetRate) : ""));
    }
    text.append(String.format(Locale.ROOT, "%-12s %d (%.1f %s/s)%s%n", unit + ":", requests, perSecond,
        minting ? "tokens" : "req", minting ? "" : ", 2xx " + ok));
    text.append(String.format(Locale.ROOT, "%-12s p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (mean %.3f)%s%n",
        "latency ms:", latencyMs.p50(), latencyMs.p90(), latencyMs.p99(), latencyMs.p999(), latencyMs.max(),
        latencyMs.mean(), serviceTimeMs == null ? "" : "  from the schedule"));
    if (serviceTimeMs != null) {
      text.append(String.format(Locale.ROOT, "%-12s p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  from the send%n",
          "service ms:", serviceTimeMs.p50(), serviceTimeMs.p90(), serviceTimeMs.p99(), serviceTimeMs.p999(),
          serviceTimeMs.max()));
    }
    String statusErrors = statusCounts.entrySet().stream()
        .filter(e -> !e.getKey().startsWith("2"))
        .map(e -> "status " + e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
    String ioText = ioErrors.entrySet().stream()
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
    String errors = statusErrors.isEmpty() && ioText.isEmpty() ? "none"
        : String.join("; ", Stream.of(statusErrors, ioText.isEmpty() ? "" : "io " + ioText)
            .filter(s -> !s.isEmpty()).toList());
    text.append(String.format(Locale.ROOT, "%-12s %s%n", "errors:", errors));
    errorExamples.forEach((kind, message) ->
        text.append(String.format(Locale.ROOT, "%-12s %s: %s%n", "first error:", kind, message)));
    if (!minting) {
      text.append(String.format(Locale.ROOT, "%-12s sent %s, received %s; connections opened while measuring: %d%n", "bytes:",
          human(bytesSent), human(bytesReceived), connections));
    }
    if (clientCpuUsPerRequest >= 0) {
      text.append(String.format(Locale.ROOT, "%-12s %.1f us of CPU per %s (this process, all threads)%n", "client:",
          clientCpuUsPerRequest, minting ? "token" : "request"));
    }
    return text.toString();
  }

  private static String human(long bytes) {
    if (bytes < 10_000) {
      return bytes + " B";
    }
    if (bytes < 10_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
