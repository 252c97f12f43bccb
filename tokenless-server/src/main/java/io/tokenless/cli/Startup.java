package io.tokenless.cli;

import io.tokenless.config.ConfigException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Start-up helpers shared by the commands that run a server. */
final class Startup {
  private static final Logger log = LoggerFactory.getLogger(Startup.class);

  private Startup() {}

  /**
   * Runs a start-up step; a failure becomes a {@link StartupException} whose one-line message
   * names the root cause (an unreachable database, an unreadable key), with details at DEBUG.
   */
  static <T> T guard(Supplier<T> step) {
    try {
      return step.get();
    } catch (ConfigException | StartupException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      log.debug("start-up failed", e);
      String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
      String first = e.getMessage() == null || e == root ? "" : e.getMessage().lines().findFirst().orElse("") + ": ";
      throw new StartupException("cannot start: " + first + reason.lines().findFirst().orElse(reason), e);
    }
  }

  /**
   * Closes the resource when the JVM is asked to stop (SIGTERM, Ctrl-C): requests being answered
   * finish first (see {@code HttpServer#close}), then pools and listeners close.
   */
  static void closeOnShutdown(AutoCloseable resource) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      long start = System.nanoTime();
      log.info("stopping");
      try {
        resource.close();
        log.info("stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
      } catch (Exception e) {
        log.warn("shutdown did not complete cleanly", e);
      }
    }, "tokenless-shutdown"));
  }
}
