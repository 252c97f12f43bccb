package io.tokenless.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.KerberosConfig;
import io.tokenless.config.MappingConfig;
import io.tokenless.config.PasswordConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.kdc.TestKdc;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.MappingRules;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.server.TokenlessServer;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The KDC goes down while MIT Kerberos clients (kinit, curl --negotiate) use the server:
 * acceptance needs only the keytab, so a client that holds a service ticket keeps getting in.
 * The KDC is one of its own (not the JVM's shared test KDC), so it can be stopped; the clients
 * are separate processes with their own krb5.conf and credential cache. Skipped where MIT
 * Kerberos or curl is not installed.
 */
@ExtendWith(PostgresExtension.class)
class KdcOutageTest {

  @TempDir
  Path dir;

  @Test
  void kdcStopped_clientHoldingAServiceTicket_keepsGetting200(TestDatabase database) throws Exception {
    assumeTrue(installed("kinit") && installed("curl"), "MIT kinit and curl are not installed");
    TestKdc kdc = TestKdc.start(TestKdc.DEFAULT_REALM, dir.resolve("kdc"));
    TokenlessServer server = null;
    boolean kdcRunning = true;
    try {
      String service = kdc.addPrincipal("HTTP/localhost");
      Path keytab = Files.copy(kdc.exportKeytab(service), dir.resolve("http.keytab"));
      Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
      String alice = TestKdc.uniqueName("alice");
      Path aliceKeytab = kdc.exportKeytab(kdc.addPrincipal(alice));
      Path keys = dir.resolve("keys");
      new KeyRepository(keys).setup();
      server = TokenlessServer.start(new TokenlessConfig(
          new ServerConfig("127.0.0.1", 0, URI.create("http://localhost:5000"), null), null,
          new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 2),
          // The JVM's krb5.conf stays the shared test KDC's (same realm): acceptance never reads it for a KDC.
          new KerberosConfig(keytab, List.of("*"), TestKdc.shared().krb5Conf(), null, null),
          new FernetConfig(keys, null, null), new PasswordConfig(4), null, null,
          new MappingConfig(MappingRules.kerberosRealms(Map.of(kdc.realm(), DomainRef.byId(Ids.DEFAULT_DOMAIN)))),
          null));
      try (var pool = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(),
          database.password()))) {
        RoleStore store = RoleStore.create(pool, new RoleStore.Options(4, Set.of("admin")));
        store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "", true));
        store.users().create(new User(Ids.random(), alice, Ids.DEFAULT_DOMAIN, true, null, null, null), null);
      }
      String url = "http://localhost:" + server.httpPort() + "/v1/auth/whoami";
      Map<String, String> client = Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(),
          "KRB5CCNAME", "FILE:" + dir.resolve("alice.ccache"));
      Map<String, String> newcomer = Map.of("KRB5_CONFIG", kdc.krb5Conf().toString(),
          "KRB5CCNAME", "FILE:" + dir.resolve("newcomer.ccache"));

      Result login = run(client, "kinit", "-kt", aliceKeytab.toString(), kdc.principal(alice));
      Result first = run(client, "curl", "-sS", "-D", "-", "--negotiate", "-u", ":", url);
      Result tickets = run(client, "klist");

      kdc.stop();
      kdcRunning = false;

      Result loginWhileDown = run(newcomer, "kinit", "-kt", aliceKeytab.toString(), kdc.principal(alice));
      List<Result> whileDown = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        whileDown.add(run(client, "curl", "-sS", "-D", "-", "--negotiate", "-u", ":", url));
      }
      Result noTicketWhileDown = run(newcomer, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
          "--negotiate", "-u", ":", url);
      LoggerFactory.getLogger(KdcOutageTest.class).info("observed: before the stop kinit {}, curl {}; KDC stopped:"
              + " kinit {} ({}); curl with the cached service ticket {}; curl without tickets {}",
          login.exit(), status(first), loginWhileDown.exit(), loginWhileDown.output().strip(),
          whileDown.stream().map(KdcOutageTest::status).toList(), noTicketWhileDown.output().strip());

      assertThat(login.exit()).as(login.output()).isZero();
      assertThat(status(first)).as(first.output()).isEqualTo(200);
      assertThat(tickets.output()).contains("HTTP/localhost@" + kdc.realm());
      assertThat(loginWhileDown.exit()).as("the KDC is really down: a new login fails").isNotZero();
      for (Result down : whileDown) {
        assertThat(status(down)).as(down.output()).isEqualTo(200);
        assertThat(down.output()).contains("\"principal\":\"" + kdc.principal(alice) + "\"")
            .containsPattern("(?i)WWW-Authenticate: Negotiate [A-Za-z0-9+/=]{20,}");
      }
      assertThat(noTicketWhileDown.output().strip()).as("a client without tickets cannot log in").isEqualTo("401");
    } finally {
      if (server != null) {
        server.close();
      }
      if (kdcRunning) {
        kdc.stop();
      }
    }
  }

  private static int status(Result curl) {
    return curl.output().lines().filter(line -> line.startsWith("HTTP/")).reduce((a, b) -> b)
        .map(line -> Integer.parseInt(line.split(" ")[1])).orElse(0);
  }

  private record Result(int exit, String output) {}

  private static Result run(Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command[0] + " did not finish within 60 s");
    }
    return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  private static boolean installed(String tool) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(directory, tool))) {
        return true;
      }
    }
    return false;
  }
}
