package io.tokenless.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example in {@code docs/configuration.md} is a configuration the server accepts. */
class ConfigReferenceTest {
  private static final String CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @TempDir
  Path dir;

  @Test
  void documentedExample_loadsWithEverySection() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
    Matcher yaml = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(yaml.find()).as("a yaml block in docs/configuration.md").isTrue();
    Files.createDirectories(dir.resolve("pki"));
    Files.createDirectories(dir.resolve("keytabs"));
    Files.createDirectories(dir.resolve("fernet-keys"));
    Files.writeString(dir.resolve("pki/server.pem"), CERT);
    Files.writeString(dir.resolve("pki/ca.pem"), CERT);
    Files.writeString(dir.resolve("pki/crl.pem"), "-----BEGIN X509 CRL-----\n-----END X509 CRL-----\n");
    Files.writeString(dir.resolve("krb5.conf"), "[libdefaults]\n");
    for (String secret : new String[] {"pki/server-key.pem", "keytabs/HTTP-localhost.keytab"}) {
      Files.writeString(dir.resolve(secret), "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
      Files.setPosixFilePermissions(dir.resolve(secret), PosixFilePermissions.fromString("rw-------"));
    }
    Path file = dir.resolve("tokenless.yaml");
    Files.writeString(file, yaml.group(1));

    TokenlessConfig config = new ConfigLoader(java.util.Map.of()).load(file);

    assertThat(config.tls().trustedProxies()).containsExactly("10.0.0.5");
    assertThat(config.kerberos().principals()).containsExactly("HTTP/localhost@EXAMPLE.COM");
    assertThat(config.catalog().services()).extracting(CatalogConfig.Service::type)
        .containsExactly("identity", "compute");
    assertThat(config.server().publicUrl()).hasToString("https://identity.example.com:5000");
    assertThat(config.gateway().routes()).extracting(GatewayConfig.Route::prefix).containsExactly("/compute/", "/image/");
    assertThat(config.gateway().routes().get(0).policy()).extracting(GatewayConfig.Rule::role)
        .containsExactly("member", "reader");
    assertThat(config.gateway().routes().get(1).policy()).isNull();
    assertThat(config.gateway().audit().stderr()).isTrue();
  }
}
