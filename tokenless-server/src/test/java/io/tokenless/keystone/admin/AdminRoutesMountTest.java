package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.server.TokenlessServer;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real server mounts the administration API; without credentials it answers Keystone's 401. */
@ExtendWith(PostgresExtension.class)
class AdminRoutesMountTest {

  @Test
  void theServerServesTheAdministrationApi_andRefusesCallersWithoutCredentials(TestDatabase database,
      @TempDir Path dir) throws Exception {
    new io.tokenless.fernet.KeyRepository(dir.resolve("keys")).setup();
    try (TokenlessServer server = TokenlessServer.start(new TokenlessConfig(
        new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), null),
        null,
        new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4),
        null,
        new FernetConfig(dir.resolve("keys"), null, null),
        null, null, null, null, null))) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/v3/projects")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.body()).contains("\"code\":401");
    }
  }
}
