package io.tokenless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {

  @TempDir
  Path dir;

  private record Outcome(int exitCode, String stderr) {}

  private Outcome serve(String yaml) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, yaml);
    StringWriter err = new StringWriter();
    int code = TokenlessCommand.run(new PrintWriter(err, true), "serve", "--config", file.toString());
    return new Outcome(code, err.toString());
  }

  @Test
  void badConfiguration_failsWithOneLineNamingTheSetting() throws IOException {
    Outcome outcome = serve("database:\n  url: jdbc:postgresql://localhost/x\nfernet:\n  keyRepository: /nonexistent\n");

    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr().lines()).containsExactly(
        "tokenless: configuration error: fernet.keyRepository: directory not found: /nonexistent");
  }

  @Test
  void unreachableDatabase_failsWithOneLineAndNoStackTrace() throws IOException {
    Files.createDirectories(dir.resolve("keys"));
    Outcome outcome = serve("database:\n  url: jdbc:postgresql://127.0.0.1:1/none\n"
        + "fernet:\n  keyRepository: keys\n");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr().lines()).hasSize(1);
    assertThat(outcome.stderr()).startsWith("tokenless: cannot start: ").doesNotContain("\tat ");
  }

  @Test
  void missingConfigOption_isAUsageError() {
    StringWriter err = new StringWriter();
    int code = TokenlessCommand.run(new PrintWriter(err, true), "serve");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
  }
}
