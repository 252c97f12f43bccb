package io.tokenless.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo users' passwords, kept in {@code credentials.txt} (mode 0600) in the data directory:
 * random per data directory, or {@code TOKENLESS_DEV_PASSWORD} for every user when set (scripts
 * and tests rely on knowing it). One line per user: {@code <user> <password>}.
 */
public final class DevCredentials {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> passwords;

  private DevCredentials(Map<String, String> passwords) {
    this.passwords = Map.copyOf(passwords);
  }

  /** Reads the file, adds any missing user, applies the override, and writes the file back. */
  public static DevCredentials ensure(Path file, List<String> users, Optional<String> override) throws IOException {
    Map<String, String> passwords = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.trim().split("\\s+", 2);
        if (parts.length == 2 && !parts[0].startsWith("#")) {
          passwords.put(parts[0], parts[1]);
        }
      }
    }
    for (String user : users) {
      if (override.isPresent()) {
        passwords.put(user, override.get());
      } else {
        passwords.computeIfAbsent(user, u -> randomPassword());
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("# demo users of tokenless dev: <user> <password>");
    passwords.forEach((user, password) -> lines.add(user + " " + password));
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return new DevCredentials(passwords);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public String password(String user) {
    String password = passwords.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no demo user " + user);
    }
    return password;
  }

  /** Passwords of the given users, in order. */
  public Map<String, String> of(List<String> users) {
    Map<String, String> selected = new LinkedHashMap<>();
    users.forEach(user -> selected.put(user, password(user)));
    return selected;
  }
}
