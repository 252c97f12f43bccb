package io.tokenless.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tokenless serve --config FILE} as a child process: the command line's own entry point on
 * this test run's class path, in a JVM of its own, so a signal reaches it as it would reach a
 * deployed server. Its stdout and stderr go to one log file.
 */
final class ServerProcess implements AutoCloseable {
  private static final String MAIN = "io.tokenless.cli.TokenlessCommand";

  private final Process process;
  private final Path log;

  private ServerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code serve} with {@code config} and the given environment additions, and waits for its
   * {@code tokenless ready:} line.
   */
  static ServerProcess serve(Path config, Map<String, String> environment, Path log, Duration readyTimeout)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN);
    command.add("serve");
    command.add("--config");
    command.add(config.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    ServerProcess server = new ServerProcess(builder.start(), log);
    server.awaitLine("tokenless ready:", readyTimeout);
    return server;
  }

  Process process() {
    return process;
  }

  /** Everything the process wrote so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitLine(String start, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output().lines().anyMatch(line -> line.startsWith(start))) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no '" + start + "' line after " + timeout + ":\n" + output());
  }

  /** A free TCP port on 127.0.0.1 (another process could take it before the server binds it). */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process if it still runs (a failed test); a stopped one is left alone. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
