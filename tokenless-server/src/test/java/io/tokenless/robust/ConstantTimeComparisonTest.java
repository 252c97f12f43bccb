package io.tokenless.robust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Secrets are compared in constant time. Timing cannot be measured reliably in a unit test, so
 * this reads the main sources (run from the module directory, as Surefire does): the places that
 * compare MACs and keys use {@code MessageDigest.isEqual}, password hashes are checked by
 * Bouncy Castle's bcrypt (which compares in constant time), and nothing compares a variable named
 * like a MAC, digest, signature or hash with {@code equals} or {@code Arrays.equals}.
 */
class ConstantTimeComparisonTest {
  private static final Path SERVER = Path.of("src/main/java/io/tokenless");
  private static final Path ROLE_LOOKUP = Path.of("../role-lookup/src/main/java/io/tokenless");
  private static final String SECRET_NAME = "(?:mac|hmac|expectedMac|actualMac|signature|digest|hash|passwordHash"
      + "|storedHash|secret|keyBytes)";
  private static final Pattern VARIABLE_TIME = Pattern.compile(
      "\\b" + SECRET_NAME + "\\s*\\.equals\\(|\\.equals\\(\\s*" + SECRET_NAME + "\\s*\\)"
          + "|Arrays\\.equals\\([^)]*\\b" + SECRET_NAME + "\\b|\\b" + SECRET_NAME + "\\s*\\.contentEquals\\(");

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void fernetMacs_areComparedWithMessageDigestIsEqual() {
    assertThat(read(SERVER.resolve("fernet/FernetCodec.java"))).contains("MessageDigest.isEqual(mac, hmac(");
  }

  @Test
  void fernetKeys_areEqualInConstantTime() {
    assertThat(read(SERVER.resolve("fernet/FernetKey.java"))).contains("MessageDigest.isEqual(bytes, that.bytes)");
  }

  @Test
  void passwordHashes_areCheckedByBcrypt_notByComparingStrings() {
    String hasher = read(ROLE_LOOKUP.resolve("roles/store/PasswordHasher.java"));

    assertThat(hasher).contains("OpenBSDBCrypt.checkPassword(hash, bytes)");
    assertThat(VARIABLE_TIME.matcher(hasher).find()).isFalse();
  }

  @Test
  void noSourceComparesAMacDigestSignatureOrHashWithEquals() throws IOException {
    List<String> offenders = new ArrayList<>();
    int files = 0;
    for (Path root : List.of(SERVER, ROLE_LOOKUP)) {
      try (Stream<Path> sources = Files.walk(root)) {
        for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
          files++;
          List<String> lines = Files.readAllLines(source);
          for (int i = 0; i < lines.size(); i++) {
            if (VARIABLE_TIME.matcher(lines.get(i)).find()) {
              offenders.add(source + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      }
    }

    assertThat(files).as("source files read").isGreaterThan(100);
    assertThat(offenders).isEmpty();
  }

  @Test
  void thePatternCatchesTheComparisonsItIsMeantToCatch() {
    assertThat(VARIABLE_TIME.matcher("if (mac.equals(expected)) {").find()).isTrue();
    assertThat(VARIABLE_TIME.matcher("return Arrays.equals(hmac, computed);").find()).isTrue();
    assertThat(VARIABLE_TIME.matcher("return stored.equals(passwordHash);").find()).isTrue();
    assertThat(VARIABLE_TIME.matcher("return MessageDigest.isEqual(mac, computed);").find()).isFalse();
    assertThat(VARIABLE_TIME.matcher("if (project.id().equals(id)) {").find()).isFalse();
  }
}
