package io.tokenless.demo.load;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Runs N connections, one platform thread each, against one target and merges what they saw.
 * Threads rather than an event loop: on two cores a blocking socket per thread has the
 * shortest path from a response to the next request, and the per-thread histograms need no
 * locking.
 */
public final class LoadGenerator {
  private final Connector connector;
  private final RequestCycle requests;
  private final HeaderSource headers;
  private final int connections;
  private final boolean newConnectionPerRequest;

  LoadGenerator(Connector connector, RequestCycle requests, HeaderSource headers, int connections,
      boolean newConnectionPerRequest) {
    if (connections < 1) {
      throw new IllegalArgumentException("--concurrency: must be at least 1, was " + connections);
    }
    this.connector = connector;
    this.requests = requests;
    this.headers = headers;
    this.connections = connections;
    this.newConnectionPerRequest = newConnectionPerRequest;
  }

  /**
   * Runs the warm-up and the measured window, then returns the merged result.
   *
   * @param ratePerSecond total requests per second over all connections; 0 for as fast as possible
   */
  public LoadResult run(long warmupNanos, long durationNanos, double ratePerSecond) throws InterruptedException {
    Schedule schedule = Schedule.startingSoon(warmupNanos, durationNanos, ratePerSecond, connections);
    List<ConnectionWorker> workers = new ArrayList<>(connections);
    List<Thread> threads = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      ConnectionWorker worker = new ConnectionWorker(i, connections, schedule, connector, requests, headers,
          newConnectionPerRequest);
      Thread thread = new Thread(worker, "load-" + i);
      thread.setDaemon(true);
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    Schedule.parkUntil(schedule.measureStart());
    long cpuAtStart = ProcessCpu.nanos();
    for (Thread thread : threads) {
      thread.join();
    }
    long cpuAtEnd = ProcessCpu.nanos();
    return merge(schedule, workers, cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart);
  }

  private static LoadResult merge(Schedule schedule, List<ConnectionWorker> workers, long clientCpuNanos) {
    Histogram latency = WorkerStats.newHistogram();
    Histogram serviceTime = WorkerStats.newHistogram();
    SortedMap<Integer, Long> statuses = new TreeMap<>();
    SortedMap<String, Long> ioErrors = new TreeMap<>();
    SortedMap<String, String> examples = new TreeMap<>();
    long responses = 0;
    long warmupResponses = 0;
    long sent = 0;
    long received = 0;
    long opened = 0;
    long lastFinish = schedule.end();
    for (ConnectionWorker worker : workers) {
      WorkerStats stats = worker.stats();
      latency.add(stats.latency);
      serviceTime.add(stats.serviceTime);
      for (int status = 0; status < stats.statusCounts.length; status++) {
        if (stats.statusCounts[status] > 0) {
          statuses.merge(status, stats.statusCounts[status], Long::sum);
        }
      }
      stats.ioErrors.forEach((kind, count) -> ioErrors.merge(kind, count, Long::sum));
      stats.errorExamples.forEach(examples::putIfAbsent);
      responses += stats.responses;
      warmupResponses += stats.warmupResponses;
      sent += stats.bytesSent;
      received += stats.bytesReceived;
      opened += stats.connectionsOpened;
      if (Schedule.reached(stats.finishedAt, lastFinish)) {
        lastFinish = stats.finishedAt;
      }
    }
    return new LoadResult(lastFinish - schedule.measureStart(), responses, warmupResponses, statuses, ioErrors,
        examples, sent, received, opened, latency, serviceTime, clientCpuNanos);
  }
}
