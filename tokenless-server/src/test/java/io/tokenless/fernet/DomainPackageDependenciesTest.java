package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The token format and revocation model are domain code: they must not import HTTP, JSON or SQL
 * libraries, so adapters depend on them and never the reverse.
 */
class DomainPackageDependenciesTest {

  private static final List<String> FORBIDDEN = List.of(
      "import io.undertow", "import com.fasterxml", "import org.jdbi", "import java.sql",
      "import io.tokenless.keystone", "import io.tokenless.http", "import io.tokenless.web");

  @Test
  void fernetAndRevocationPackages_importNoAdapterLibraries() throws IOException {
    Path main = Path.of("src", "main", "java", "io", "tokenless");
    List<String> violations = new ArrayList<>();
    int scanned = 0;
    for (String pkg : List.of("fernet", "revocation")) {
      try (Stream<Path> files = Files.walk(main.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          scanned++;
          for (String line : Files.readAllLines(file)) {
            if (FORBIDDEN.stream().anyMatch(line.trim()::startsWith)) {
              violations.add(file + ": " + line.trim());
            }
          }
        }
      }
    }
    assertThat(scanned).as("source files scanned").isGreaterThan(10);
    assertThat(violations).isEmpty();
  }
}
