package io.tokenless.demo.load;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * CPU time this JVM has used, all threads (JIT and GC included), to report what the load
 * generator itself cost per request: on a shared two-core machine that decides whether a run
 * measured the server or the client.
 */
final class ProcessCpu {
  private ProcessCpu() {}

  /** Nanoseconds of CPU used by this process so far, or -1 where the JVM cannot tell. */
  static long nanos() {
    OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
    if (bean instanceof com.sun.management.OperatingSystemMXBean hotspot) {
      return hotspot.getProcessCpuTime();
    }
    return -1;
  }
}
