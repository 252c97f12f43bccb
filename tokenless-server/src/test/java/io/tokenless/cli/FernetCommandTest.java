package io.tokenless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenless fernet setup|rotate} leave the repository as keystone-manage would. */
class FernetCommandTest {

  @Test
  void setupThenTwoRotations_keepMaxActiveKeys(@TempDir Path dir) throws Exception {
    Path keys = dir.resolve("keys");

    assertThat(TokenlessCommand.run("fernet", "setup", "--keys", keys.toString())).isZero();
    assertThat(names(keys)).containsExactly("0", "1");
    String staged = Files.readString(keys.resolve("0"));
    assertThat(TokenlessCommand.run("fernet", "rotate", "--keys", keys.toString())).isZero();
    assertThat(names(keys)).containsExactly("0", "1", "2");
    assertThat(Files.readString(keys.resolve("2"))).isEqualTo(staged);
    assertThat(TokenlessCommand.run("fernet", "rotate", "--keys", keys.toString(), "--max-active-keys", "3")).isZero();
    assertThat(names(keys)).containsExactly("0", "2", "3");
  }

  @Test
  void rotatingAMissingRepository_failsWithOneLine(@TempDir Path dir) {
    StringWriter err = new StringWriter();

    int code = TokenlessCommand.run(new PrintWriter(err, true), "fernet", "rotate", "--keys",
        dir.resolve("none").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).startsWith("tokenless: fernet: ").doesNotContain("\tat ");
  }

  private static java.util.List<String> names(Path keys) throws Exception {
    try (Stream<Path> files = Files.list(keys)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
