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

class ConfigLoaderTest {
  private static final String PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

  @TempDir
  Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(dir.resolve("fernet-keys"));
    Files.writeString(dir.resolve("server.pem"), PEM_CERT);
    Files.writeString(dir.resolve("ca.pem"), PEM_CERT);
    secret("server-key.pem", PEM_KEY);
    secret("http.keytab", "keytab bytes");
  }

  private void secret(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private TokenlessConfig load(String yaml) throws IOException {
    return load(yaml, Map.of());
  }

  private TokenlessConfig load(String yaml, Map<String, String> environment) throws IOException {
    Path file = dir.resolve("tokenless.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(environment).load(file);
  }

  private static final String MINIMAL = """
      database:
        url: jdbc:postgresql://db.example.com:5432/tokenless
        user: tokenless
        password: from-file
      fernet:
        keyRepository: fernet-keys
      """;

  private static final String WITH_TLS = MINIMAL + """
      tls:
        port: 8443
        certificate: server.pem
        privateKey: server-key.pem
        clientCa: ca.pem
      """;

  @Test
  void minimalConfig_getsDefaultsAndResolvesPathsAgainstItsDirectory() throws IOException {
    TokenlessConfig config = load(MINIMAL);

    assertThat(config.server().port()).isEqualTo(5000);
    assertThat(config.server().publicUrl()).hasToString("http://localhost:5000");
    assertThat(config.fernet().keyRepository()).isEqualTo(dir.resolve("fernet-keys"));
    assertThat(config.fernet().tokenLifetimeSeconds()).isEqualTo(3600);
    assertThat(config.passwords().bcryptCost()).isEqualTo(12);
    assertThat(config.tls()).isNull();
    assertThat(config.catalog().services()).singleElement()
        .satisfies(service -> assertThat(service.type()).isEqualTo("identity"));
  }

  @Test
  void fullTlsSection_isAccepted() throws IOException {
    TokenlessConfig config = load(WITH_TLS);

    assertThat(config.tls().port()).isEqualTo(8443);
    assertThat(config.tls().clientAuth()).isEqualTo(TlsConfig.ClientAuth.requested);
  }

  @Test
  void environment_overridesTheDatabasePassword_andToStringHidesIt() throws IOException {
    TokenlessConfig config = load(MINIMAL, Map.of("TOKENLESS_DB_PASSWORD", "s3cret-from-env"));

    assertThat(config.database().password()).isEqualTo("s3cret-from-env");
    assertThat(config.database().toString()).doesNotContain("s3cret").doesNotContain("from-file");
  }

  @Test
  void unknownSetting_isNamedWithItsPath() {
    assertThatThrownBy(() -> load(MINIMAL + "server:\n  prot: 5000\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("server.prot: unknown setting")
        .hasMessageContaining("port");
  }

  @Test
  void missingCertificateFile_isNamed() {
    assertThatThrownBy(() -> load(WITH_TLS.replace("server.pem", "missing.pem")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tls.certificate: file not found: " + dir.resolve("missing.pem"));
  }

  @Test
  void privateKeyReadableByOthers_isRefused() throws IOException {
    Files.setPosixFilePermissions(dir.resolve("server-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> load(WITH_TLS))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.privateKey: permissions rw-r--r--")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void privateKeyWithoutPem_isRefused() throws IOException {
    secret("server-key.pem", "not a key at all");

    assertThatThrownBy(() -> load(WITH_TLS))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.privateKey: ")
        .hasMessageContaining("holds no PEM PRIVATE KEY");
  }

  @Test
  void keytabWithLoosePermissions_isRefused() throws IOException {
    Files.setPosixFilePermissions(dir.resolve("http.keytab"), PosixFilePermissions.fromString("rw-rw----"));

    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: http.keytab\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kerberos.keytab: permissions rw-rw----");
  }

  @Test
  void kerberosDefaults_areAFiveMinuteSkewAndTwoMillionReplayEntries() throws IOException {
    TokenlessConfig config = load(MINIMAL + "kerberos:\n  keytab: http.keytab\n");

    assertThat(config.kerberos().clockSkewSeconds()).isEqualTo(300);
    assertThat(config.kerberos().replayCacheMaxEntries()).isEqualTo(2_000_000);
  }

  @Test
  void zeroClockSkew_isRefused_namingTheSetting() {
    // No client's clock matches the server's to the millisecond: 0 would refuse nearly every authenticator.
    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: http.keytab\n  clockSkewSeconds: 0\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kerberos.clockSkewSeconds: must be between 1 and 3600, got 0");
  }

  @Test
  void replayCacheBoundOutOfRange_isRefused_namingTheSetting() {
    assertThatThrownBy(() -> load(MINIMAL + "kerberos:\n  keytab: http.keytab\n  replayCacheMaxEntries: 10\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("kerberos.replayCacheMaxEntries: must be between 1000 and 100000000, got 10");
  }

  @Test
  void portOutOfRange_isRefused() {
    assertThatThrownBy(() -> load(MINIMAL + "server:\n  port: 70000\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.port: must be between 0 and 65535, got 70000");
  }

  @Test
  void portThatIsNotANumber_isRefused() {
    assertThatThrownBy(() -> load(MINIMAL + "server:\n  port: five-thousand\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.port: expected a whole number, got 'five-thousand'");
  }

  @Test
  void unknownClientAuthMode_listsTheChoices() {
    assertThatThrownBy(() -> load(WITH_TLS + "  clientAuth: sometimes\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tls.clientAuth: expected one of none, requested, required");
  }

  @Test
  void missingDatabaseSection_isRefused() {
    assertThatThrownBy(() -> load("fernet:\n  keyRepository: fernet-keys\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("database: required");
  }

  @Test
  void databaseUrlThatIsNotPostgres_isRefused() {
    assertThatThrownBy(() -> load(MINIMAL.replace("jdbc:postgresql://", "jdbc:mysql://")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("database.url: must start with jdbc:postgresql://");
  }

  @Test
  void missingKeyRepository_isRefused() {
    assertThatThrownBy(() -> load(MINIMAL.replace("keyRepository: fernet-keys", "keyRepository: nowhere")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("fernet.keyRepository: directory not found: " + dir.resolve("nowhere"));
  }

  @Test
  void brokenYaml_saysWhere() {
    assertThatThrownBy(() -> load("database:\n  url: \"unterminated\nfernet: x\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("not valid YAML (line");
  }

  @Test
  void missingConfigurationFile_isNamed() {
    Path missing = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> ConfigLoader.fromSystemEnvironment().load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("configuration file not found: " + missing);
  }

  @Test
  void badEnvironmentOverride_isNamedAsSuch() {
    assertThatThrownBy(() -> load(MINIMAL, Map.of("TOKENLESS_DB_URL", "postgres://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("database.url: must start with jdbc:postgresql://")
        .hasMessageEndingWith("(from the environment)");
  }

  @Test
  void gatewayRoute_thatShadowsTheServersOwnApi_isRefusedWithItsPath() {
    assertThatThrownBy(() -> load(MINIMAL + """
        gateway:
          routes:
            - {prefix: /compute/, upstream: "http://127.0.0.1:8774/"}
            - {prefix: /v3/, upstream: "http://127.0.0.1:9292/"}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("gateway.routes[1].prefix: /v3/ would shadow the server's own API");
  }

  @Test
  void gatewayAuditFile_isResolvedAgainstTheConfigDirectory() throws IOException {
    TokenlessConfig config = load(MINIMAL + """
        gateway:
          audit: {file: audit.jsonl}
        """);

    assertThat(config.gateway().audit().file()).isEqualTo(dir.resolve("audit.jsonl"));
    assertThat(config.gateway().routes()).isEmpty();
  }
}
