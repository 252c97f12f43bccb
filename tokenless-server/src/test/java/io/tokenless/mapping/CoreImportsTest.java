package io.tokenless.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Kerberos core and identity mapping are plain Java: HTTP, JSON and SQL stay in adapters. */
class CoreImportsTest {
  private static final List<String> CORE = List.of("io/tokenless/auth/kerberos", "io/tokenless/mapping");
  private static final List<String> FORBIDDEN = List.of("import io.undertow", "import com.fasterxml", "import org.jdbi",
      "import java.sql", "import io.tokenless.http", "import io.tokenless.web");

  @Test
  void kerberosCoreAndMapping_importNothingFromUndertowJacksonOrJdbi() throws IOException {
    Path sources = Path.of("src/main/java");
    List<String> violations = new java.util.ArrayList<>();
    for (String pkg : CORE) {
      try (Stream<Path> files = Files.walk(sources.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Files.readAllLines(file).stream()
              .filter(line -> FORBIDDEN.stream().anyMatch(line::startsWith))
              .forEach(line -> violations.add(sources.relativize(file) + ": " + line));
        }
      }
    }

    assertThat(violations).isEmpty();
  }
}
