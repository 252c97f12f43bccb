package io.tokenless.demo.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a user's password from the {@code credentials.txt} that {@code tokenless dev} writes
 * into its data directory. One user per line, the name first, then the password, separated by
 * {@code :}, {@code =} or blanks; {@code #} starts a comment. The password is never printed,
 * not even in an error.
 */
final class DevCredentials {
  private DevCredentials() {}

  static String passwordOf(Path file, String user) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int split = 0;
      while (split < line.length() && ":= \t".indexOf(line.charAt(split)) < 0) {
        split++;
      }
      if (split == line.length() || !line.substring(0, split).equals(user)) {
        continue;
      }
      String password = line.substring(split).replaceFirst("^[\\s]*[:=]?[\\s]*", "");
      if (!password.isEmpty()) {
        return password;
      }
    }
    throw new IllegalArgumentException("no password for user " + user + " in " + file);
  }
}
