package io.tokenless.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The PKI and certificate-validation cores stay free of HTTP, JSON and SQL libraries. */
class CorePackageImportsTest {
  private static final List<String> FORBIDDEN = List.of("import io.undertow", "import org.xnio",
      "import com.fasterxml", "import org.jdbi", "import java.sql");

  @Test
  void pkiAndX509Cores_importNoAdapterLibraries() throws IOException {
    List<String> offences = new ArrayList<>();
    for (String pkg : List.of("io/tokenless/pki", "io/tokenless/auth/x509")) {
      Path directory = Path.of("src/main/java").resolve(pkg);
      assertThat(directory).isDirectory();
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (String line : Files.readAllLines(file)) {
            if (FORBIDDEN.stream().anyMatch(line::startsWith)) {
              offences.add(file.getFileName() + ": " + line);
            }
          }
        }
      }
    }
    assertThat(offences).isEmpty();
  }
}
