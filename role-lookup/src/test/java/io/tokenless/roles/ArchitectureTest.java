package io.tokenless.roles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Domain packages stay free of adapters: no Undertow, JDBI, Jackson or JDBC in model and resolve. */
class ArchitectureTest {
  private static final Path SOURCES = Path.of("src/main/java/io/tokenless/roles");
  private static final List<String> FORBIDDEN = List.of("import io.undertow", "import org.jdbi", "import com.fasterxml",
      "import java.sql", "import org.postgresql", "import io.tokenless.web", "import io.tokenless.roles.store",
      "import io.tokenless.roles.cache", "import io.tokenless.roles.http");

  @Test
  void modelAndResolve_importNoAdapter() throws IOException {
    List<String> violations = new ArrayList<>();
    for (String pkg : List.of("model", "resolve")) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(pkg))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file)) {
            for (String forbidden : FORBIDDEN) {
              if (line.startsWith(forbidden)) {
                violations.add(file + ": " + line);
              }
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
