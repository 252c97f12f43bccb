package io.tokenless.microbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory under {@code /tmp/micro-*} for one benchmark trial's state (keys, CA, KDC), removed
 * at tear-down so repeated runs leave nothing behind.
 */
public final class ScratchDir implements AutoCloseable {
  private final Path path;

  private ScratchDir(Path path) {
    this.path = path;
  }

  public static ScratchDir create(String name) {
    try {
      return new ScratchDir(Files.createTempDirectory(Path.of("/tmp"), "micro-" + name + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under /tmp", e);
    }
  }

  public Path path() {
    return path;
  }

  @Override
  public void close() {
    try (Stream<Path> files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }
}
