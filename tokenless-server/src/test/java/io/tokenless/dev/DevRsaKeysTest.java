package io.tokenless.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.db.Database;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.http.tls.TestClients;
import io.tokenless.pki.DevPki;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.KeyType;
import io.tokenless.pki.Pem;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.server.TokenlessServer;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tokenless dev --key-type rsa-2048}: the server as the dev environment configures it,
 * on a dev PKI made with RSA-2048 keys and the demo data, reached by the JDK's HTTP client with
 * the demo user's RSA certificate. The embedded PostgreSQL and the dev KDC are left out (the
 * run's test database stands in; Kerberos is not what is tested here).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevRsaKeysTest {
  private DevPki pki;
  private TokenlessServer server;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws Exception {
    DevOptions options = new DevOptions(dir, 0, 0, 0, false).withKeyType(KeyType.RSA_2048);
    pki = DevEnvironment.ensurePki(dir.resolve("pki"), options.keyType());
    new KeyRepository(dir.resolve("fernet-keys")).setup();
    DatabaseConfig databaseConfig = new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4);
    try (Database db = Database.open(databaseConfig)) {
      db.migrate();
      // The dev users, with cheap password hashes: only their certificates are used here.
      RoleStore store = RoleStore.create(db.dataSource(), new RoleStore.Options(4, Set.of("admin")));
      new DemoData(store, DevCredentials.ensure(dir.resolve("credentials.txt"), DemoUsers.ALL, Optional.empty()))
          .apply();
    }
    server = TokenlessServer.start(DevEnvironment.config(options, pki, databaseConfig, null, dir.resolve("fernet-keys")));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyKeyOfTheDevPki_isRsa2048() throws Exception {
    for (Path file : List.of(pki.caFile(), pki.serverCertificate(), pki.clientCertificate("alice"),
        pki.clientCertificate("bob"))) {
      assertThat(KeyType.of(Pem.readCertificates(file).get(0).getPublicKey())).as(file.toString())
          .hasValue(KeyType.RSA_2048);
    }
    assertThat(pki.keyType()).hasValue(KeyType.RSA_2048);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void rsaDemoClientCertificate_isAuthenticated_behindAnRsaServerCertificate(String protocol) throws Exception {
    IssuedCertificate alice = new IssuedCertificate(Pem.readPrivateKey(pki.clientKey("alice")),
        Pem.readCertificates(pki.clientCertificate("alice")));
    X509Certificate ca = Pem.readCertificates(pki.caFile()).get(0);

    HttpResponse<String> response = TestClients.client(ca, Optional.of(alice), List.of(protocol)).send(
        HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + "/v1/auth/whoami")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("mechanism").asText()).isEqualTo("x509");
    assertThat(body.path("user").path("name").asText()).isEqualTo("alice");
    SSLSession session = response.sslSession().orElseThrow();
    assertThat(session.getProtocol()).isEqualTo(protocol);
    X509Certificate served = (X509Certificate) session.getPeerCertificates()[0];
    assertThat(served.getPublicKey()).isInstanceOf(RSAPublicKey.class);
    assertThat(((RSAPublicKey) served.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
    if (protocol.equals("TLSv1.2")) {
      // The RSA key signs the ECDHE parameters; it is not used for RSA key transport.
      assertThat(session.getCipherSuite()).startsWith("TLS_ECDHE_RSA_");
    }
  }
}
