package io.tokenless.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Validation helpers for the compact constructors of the config records. Each throws
 * {@link IllegalArgumentException} with a message that starts with the field name; the loader
 * prefixes the path of the enclosing record.
 */
final class Checks {
  private static final Set<PosixFilePermission> LOOSE = Set.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private Checks() {}

  static <T> T required(String field, T value) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required");
    }
    return value;
  }

  static int port(String field, int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException(field + ": must be between 0 and 65535, got " + value);
    }
    return value;
  }

  static int positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + ": must be positive, got " + value);
    }
    return value;
  }

  static int between(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(field + ": must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** A regular file the process can read. */
  static Path readableFile(String field, Path path) {
    required(field, path);
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(field + ": file not found: " + path);
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(field + ": not a regular file: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(field + ": file not readable: " + path);
    }
    return path;
  }

  /** A directory the process can read. */
  static Path readableDirectory(String field, Path path) {
    required(field, path);
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(field + ": directory not found: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException(field + ": directory not readable: " + path);
    }
    return path;
  }

  /**
   * A secret file (private key, keytab): readable, owned by this process's user and closed to
   * group and others, as sshd and Keystone's key repository insist.
   */
  static Path secretFile(String field, Path path) {
    readableFile(field, path);
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
      if (permissions.stream().anyMatch(LOOSE::contains)) {
        throw new IllegalArgumentException(field + ": permissions " + PosixFilePermissions.toString(permissions)
            + " on " + path + " are too open; run chmod 600 " + path);
      }
      String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
      String me = System.getProperty("user.name");
      if (!owner.equals(me)) {
        throw new IllegalArgumentException(field + ": " + path + " is owned by " + owner
            + ", not by the service user " + me);
      }
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: there is no mode to check.
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ": cannot read permissions of " + path + ": " + e.getMessage());
    }
    return path;
  }

  /** A PEM file holding at least one block of the given kind ("CERTIFICATE", "PRIVATE KEY"). */
  static Path pemFile(String field, Path path, String kind) {
    try {
      String text = Files.readString(path);
      if (!text.contains("-----BEGIN ") || !text.contains(kind + "-----")) {
        throw new IllegalArgumentException(field + ": " + path + " holds no PEM " + kind);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(field + ": cannot read " + path + ": " + e.getMessage());
    }
    return path;
  }
}
