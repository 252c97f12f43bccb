package io.tokenless.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tokenless.pki.DevPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenless dev --key-type}: the answers that come before anything is started. */
class DevCommandTest {
  @TempDir
  Path dir;

  private record Outcome(int exitCode, String stderr) {}

  private static Outcome dev(String... args) {
    StringWriter err = new StringWriter();
    List<String> all = new java.util.ArrayList<>(List.of("dev", "--port", "0", "--tls-port", "0"));
    all.addAll(List.of(args));
    // A start that went ahead would block in the dev server; give up well before the build does.
    int code = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> TokenlessCommand.run(new PrintWriter(err, true), all.toArray(String[]::new)));
    return new Outcome(code, err.toString());
  }

  @Test
  void keyTypeOtherThanTheExistingPkis_failsWithOneLineSayingWhatToDo() throws Exception {
    DevPki existing = DevPki.ensure(dir.resolve("pki"), List.of("alice"), List.of());
    String ca = Files.readString(existing.caFile());

    Outcome outcome = dev("--data-dir", dir.toString(), "--key-type", "rsa-2048");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr().lines()).hasSize(1);
    assertThat(outcome.stderr()).startsWith("tokenless: cannot start: ")
        .contains("ec-p256 keys", "not rsa-2048", "fresh data directory");
    assertThat(Files.readString(existing.caFile())).isEqualTo(ca);
    assertThat(dir.resolve("postgres")).doesNotExist();
  }

  @Test
  void unknownKeyType_isAUsageErrorListingTheKnownOnes() {
    Outcome outcome = dev("--data-dir", dir.toString(), "--key-type", "dsa");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("Invalid value for option '--key-type'")
        .contains("ec-p256, rsa-2048, rsa-3072");
    assertThat(dir.resolve("pki")).doesNotExist();
  }
}
