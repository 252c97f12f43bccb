package io.tokenless.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Tells whether any of a few files changed since the last time it said so, looking at the file
 * system at most once per interval. Hot paths (every TLS handshake, every validation) call
 * {@link #changed()}; between looks it costs one volatile read.
 *
 * <p>A file's stamp is its modification time, size and file key (inode), so a file replaced by
 * an atomic move is noticed even when the new one has the same size and time stamp. A missing
 * file has a stamp of its own: it disappearing and coming back are both changes.
 */
public final class FileWatch {
  private final List<Path> files;
  private final long intervalNanos;
  private volatile long nextLookNanos;
  private List<String> stamps;

  /** Watches {@code files}; the current state counts as seen. */
  public FileWatch(List<Path> files, Duration interval) {
    this.files = List.copyOf(files);
    this.intervalNanos = Objects.requireNonNull(interval).toNanos();
    this.stamps = currentStamps();
    this.nextLookNanos = System.nanoTime() + intervalNanos;
  }

  /** True once after any watched file changed; false when it is not yet time to look again. */
  public boolean changed() {
    if (System.nanoTime() - nextLookNanos < 0) {
      return false;
    }
    synchronized (this) {
      long now = System.nanoTime();
      if (now - nextLookNanos < 0) {
        return false;
      }
      nextLookNanos = now + intervalNanos;
      List<String> current = currentStamps();
      if (current.equals(stamps)) {
        return false;
      }
      stamps = current;
      return true;
    }
  }

  public List<Path> files() {
    return files;
  }

  private List<String> currentStamps() {
    List<String> result = new ArrayList<>(files.size());
    for (Path file : files) {
      result.add(stamp(file));
    }
    return result;
  }

  private static String stamp(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      // FileTime's text keeps the file system's full precision (nanoseconds on ext4).
      return attributes.lastModifiedTime() + ":" + attributes.size() + ":" + attributes.fileKey();
    } catch (NoSuchFileException e) {
      return "missing";
    } catch (IOException e) {
      return "unreadable:" + e.getClass().getSimpleName();
    }
  }
}
