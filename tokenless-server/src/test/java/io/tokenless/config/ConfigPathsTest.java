package io.tokenless.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the paths of a configuration file point, and which secret files are refused: relative
 * paths are resolved against the configuration file's own directory (never the working
 * directory), a missing file is reported by its resolved path, and a keytab or private key that
 * anyone but the owner can read is refused, also behind a symbolic link.
 */
class ConfigPathsTest {
  private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

  @TempDir
  Path root;
  Path etc;

  @BeforeEach
  void files() throws IOException {
    etc = Files.createDirectories(root.resolve("etc/tokenless"));
    Files.createDirectories(etc.resolve("fernet-keys"));
    Files.writeString(etc.resolve("server.pem"), PEM_CERT);
    Files.writeString(etc.resolve("ca.pem"), PEM_CERT);
    secret(etc.resolve("server-key.pem"), PEM_KEY);
    secret(etc.resolve("http.keytab"), "keytab bytes");
  }

  private static void secret(Path file, String content) throws IOException {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private TokenlessConfig load(String yaml) throws IOException {
    Path file = etc.resolve("tokenless.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(Map.of()).load(file);
  }

  private static final String MINIMAL = """
      database:
        url: jdbc:postgresql://db.example.com:5432/tokenless
        user: tokenless
      fernet:
        keyRepository: fernet-keys
      """;

  @Test
  void relativePaths_resolveAgainstTheConfigurationDirectory_notTheWorkingDirectory() throws IOException {
    TokenlessConfig config = load(MINIMAL + "kerberos:\n  keytab: http.keytab\n");

    assertThat(config.kerberos().keytab()).isEqualTo(etc.resolve("http.keytab"));
    assertThat(config.fernet().keyRepository()).isEqualTo(etc.resolve("fernet-keys"));
    assertThat(Path.of("http.keytab").toAbsolutePath()).isNotEqualTo(config.kerberos().keytab());
  }

  @Test
  void dotDotPath_resolvesFromTheConfigurationDirectory_andAMissingFileIsNamedByThatPathNormalized() {
    // etc is root/etc/tokenless: three levels up is root's parent, wherever the process runs.
    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: ../../../nowhere/http.keytab\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kerberos.keytab: file not found: " + root.getParent().resolve("nowhere/http.keytab"));
  }

  @Test
  void dotDotPathToARealFile_isUsedAsThatFile_notRelativeToTheWorkingDirectory() throws IOException {
    Path shared = Files.createDirectories(root.resolve("shared"));
    secret(shared.resolve("http.keytab"), "keytab bytes");

    TokenlessConfig config = load(MINIMAL + "kerberos:\n  keytab: ../../shared/http.keytab\n");

    assertThat(config.kerberos().keytab()).isEqualTo(shared.resolve("http.keytab"));
  }

  @Test
  void tildeIsNotExpanded_itIsAnOrdinaryDirectoryName() {
    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: ~/http.keytab\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kerberos.keytab: file not found: " + etc.resolve("~/http.keytab"));
  }

  @Test
  void absolutePath_isKeptAsItIs() throws IOException {
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    secret(elsewhere.resolve("http.keytab"), "keytab bytes");

    TokenlessConfig config = load(MINIMAL + "kerberos:\n  keytab: " + elsewhere.resolve("http.keytab") + "\n");

    assertThat(config.kerberos().keytab()).isEqualTo(elsewhere.resolve("http.keytab"));
  }

  @Test
  void keytabReadableByOthersOnly_isRefused() throws IOException {
    Files.setPosixFilePermissions(etc.resolve("http.keytab"), PosixFilePermissions.fromString("rw----r--"));

    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: http.keytab\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kerberos.keytab: permissions rw----r--")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void keytabBehindASymlink_isJudgedByTheFileItPointsTo() throws IOException {
    Path loose = root.resolve("loose.keytab");
    Files.writeString(loose, "keytab bytes");
    Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
    Files.delete(etc.resolve("http.keytab"));
    Files.createSymbolicLink(etc.resolve("http.keytab"), loose);

    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: http.keytab\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kerberos.keytab: permissions rw-r--r--");
  }

  @Test
  void privateKeyReadableByItsGroup_isRefused() throws IOException {
    Files.setPosixFilePermissions(etc.resolve("server-key.pem"), PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> load(MINIMAL + """
        tls:
          port: 8443
          certificate: server.pem
          privateKey: server-key.pem
          clientCa: ca.pem
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.privateKey: permissions rw-r-----");
  }

  @Test
  void keytabThatIsADirectory_isRefusedAsNotARegularFile() throws IOException {
    Files.createDirectories(etc.resolve("keytab-dir"));

    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: keytab-dir\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("kerberos.keytab: not a regular file: " + etc.resolve("keytab-dir"));
  }
}
