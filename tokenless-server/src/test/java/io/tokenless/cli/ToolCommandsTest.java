package io.tokenless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator tools: {@code tokenless fernet ...} and {@code tokenless ca ...}. */
class ToolCommandsTest {
  @TempDir
  Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(out, true));
      int code = TokenlessCommand.run(new PrintWriter(err, true), args);
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void fernetSetupThenRotate_followsKeystonesLayout() throws Exception {
    Path keys = dir.resolve("fernet-keys");

    assertThat(run("fernet", "setup", "--keys", keys.toString()).code()).isZero();
    assertThat(keys.resolve("0")).exists();
    assertThat(keys.resolve("1")).exists();
    assertThat(run("fernet", "rotate", "--keys", keys.toString()).code()).isZero();
    assertThat(run("fernet", "rotate", "--keys", keys.toString()).code()).isZero();

    try (var files = Files.list(keys)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly("0", "2", "3");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("3")))).isEqualTo("rw-------");
  }

  @Test
  void fernetRotateOnALooseKeyFile_failsWithOneLine() throws Exception {
    Path keys = dir.resolve("fernet-keys");
    run("fernet", "setup", "--keys", keys.toString());
    Files.setPosixFilePermissions(keys.resolve("1"), PosixFilePermissions.fromString("rw-r--r--"));

    Run rotate = run("fernet", "rotate", "--keys", keys.toString());

    assertThat(rotate.code()).isEqualTo(1);
    assertThat(rotate.err().lines()).hasSize(1);
    assertThat(rotate.err()).startsWith("tokenless: ").contains(keys.resolve("1").toString());
  }

  @Test
  void caInitIssueRevoke_putsTheSerialOnTheCrl() throws Exception {
    Path ca = dir.resolve("ca");
    assertThat(run("ca", "init", "--dir", ca.toString()).code()).isZero();

    Run issue = run("ca", "issue", "--dir", ca.toString(), "--user", "carol", "--domain", "corp", "--days", "30");
    assertThat(issue.code()).isZero();
    assertThat(ca.resolve("clients/carol.pem")).exists();
    assertThat(ca.resolve("clients/carol-key.pem")).exists();
    String serial = issue.out().replaceAll("(?s).*serial ([0-9A-F]+).*", "$1");

    assertThat(run("ca", "revoke", "--dir", ca.toString(), serial).code()).isZero();

    var crl = (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
        .generateCRL(Files.newInputStream(ca.resolve("crl.pem")));
    assertThat(crl.getRevokedCertificate(new java.math.BigInteger(serial, 16))).isNotNull();
  }

  @Test
  void caIssueWithoutACa_saysHowToCreateOne() {
    Run issue = run("ca", "issue", "--dir", dir.resolve("none").toString(), "--user", "carol");

    assertThat(issue.code()).isEqualTo(1);
    assertThat(issue.err()).contains("tokenless ca init");
  }
}
