package io.tokenless.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeystoneVectors;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenless import keystone}: the vectors' Keystone export, trusts and credentials included. */
@ExtendWith(PostgresExtension.class)
class ImportCommandTest {

  @Test
  void keystoneExport_isLoadedWithItsTrustsAndApplicationCredentials(TestDatabase database, @TempDir Path dir)
      throws Exception {
    Path keys = dir.resolve("keys");
    new KeyRepository(keys).setup();
    Path config = dir.resolve("tokenless.yaml");
    Files.writeString(config, "database:\n  url: " + database.jdbcUrl() + "\n  user: " + database.user()
        + "\n  password: " + database.password() + "\nfernet:\n  keyRepository: " + keys + "\n");
    Path export = KeystoneVectors.directory().resolve("fixture.json");

    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    int code;
    try {
      System.setOut(new PrintStream(out, true));
      code = TokenlessCommand.run(new PrintWriter(err, true), "import", "keystone", export.toString(),
          "--config", config.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("1 trusts, 2 application credentials");
    try (var dataSource = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(),
        database.password()))) {
      RoleStore store = RoleStore.create(dataSource);
      Trust trust = store.trusts().find("9ce7f3005b634373b7150cb1a1777e9b").orElseThrow();
      assertThat(trust.trustorUserId()).isEqualTo("dad035cfc5c5495d878f599201c7dbe4");
      assertThat(trust.trusteeUserId()).isEqualTo("dd2ea818ef7f42b0a4aaa2b18b3b4a4d");
      ApplicationCredential expiring = store.applicationCredentials().find("e5b8aa0d4e9f4b07ab0a5df15e5c6684")
          .orElseThrow();
      // Keystone wrote it without a zone: UTC.
      assertThat(expiring.expiresAt()).isEqualTo(Instant.parse("2026-11-22T21:34:26Z"));
      assertThat(expiring.roleIds()).containsExactly("70014e36ba5344198bb8601f74c49158",
          "ae88c804fc3e41f8912d1934a6f13db7");
      assertThat(store.applicationCredentials().verifySecret("c578467afe984a6c95688a449c09f412",
          "vec-appcred-secret".toCharArray())).isTrue();
    }
  }
}
