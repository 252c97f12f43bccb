package io.tokenless.demo.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Mints per-request headers as fast as N threads can, with no server: the ceiling the client's
 * own token work puts on a run, measured on the same cores.
 */
final class MintBenchmark {
  private MintBenchmark() {}

  /**
   * @return every token minted in the measured window counted as one response (with no
   *         status), failures as I/O errors of kind {@code mint-failed}
   */
  static LoadResult run(HeaderSource source, int threads, long warmupNanos, long durationNanos)
      throws InterruptedException {
    Schedule schedule = Schedule.startingSoon(warmupNanos, durationNanos, 0, threads);
    List<WorkerStats> all = new ArrayList<>();
    List<Thread> running = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      WorkerStats stats = new WorkerStats();
      all.add(stats);
      Thread thread = new Thread(() -> source.runInContext(() -> mint(source, schedule, stats)), "mint-" + i);
      thread.setDaemon(true);
      running.add(thread);
      thread.start();
    }
    Schedule.parkUntil(schedule.measureStart());
    long cpuAtStart = ProcessCpu.nanos();
    for (Thread thread : running) {
      thread.join();
    }
    long cpuAtEnd = ProcessCpu.nanos();
    Histogram latency = WorkerStats.newHistogram();
    long tokens = 0;
    long failures = 0;
    long bytes = 0;
    long lastFinish = schedule.end();
    SortedMap<String, String> examples = new TreeMap<>();
    for (WorkerStats stats : all) {
      stats.errorExamples.forEach(examples::putIfAbsent);
      latency.add(stats.latency);
      tokens += stats.responses;
      failures += stats.ioErrors.getOrDefault("mint-failed", 0L);
      bytes += stats.bytesSent;
      if (Schedule.reached(stats.finishedAt, lastFinish)) {
        lastFinish = stats.finishedAt;
      }
    }
    SortedMap<Integer, Long> statuses = new TreeMap<>();
    SortedMap<String, Long> errors = new TreeMap<>();
    if (failures > 0) {
      errors.put("mint-failed", failures);
    }
    return new LoadResult(lastFinish - schedule.measureStart(), tokens, 0, statuses, errors, examples, bytes, 0, 0,
        latency, latency.copy(), cpuAtStart < 0 || cpuAtEnd < 0 ? -1 : cpuAtEnd - cpuAtStart);
  }

  private static void mint(HeaderSource source, Schedule schedule, WorkerStats stats) {
    Schedule.parkUntil(schedule.start());
    try {
      while (true) {
        long started = System.nanoTime();
        if (Schedule.reached(started, schedule.end())) {
          break;
        }
        boolean counted = Schedule.reached(started, schedule.measureStart());
        try {
          String header = source.next();
          long done = System.nanoTime();
          if (counted) {
            stats.responses++;
            stats.bytesSent += header.length();
            stats.latency.recordValue(done - started);
          }
        } catch (IOException e) {
          if (counted) {
            stats.ioError("mint-failed", e);
          }
        }
      }
    } finally {
      stats.finishedAt = System.nanoTime();
    }
  }
}
