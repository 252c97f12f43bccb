package io.tokenless.demo.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.demo.ClientDemoCommand;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code client-demo create-server} and {@code discover} against the whole demo, as a user runs them. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreateServerTest {
  private DemoStack stack;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws Exception {
    stack = DemoStack.start(database, dir);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  private record Run(int exitCode, String output) {}

  private Run run(String... args) {
    StringWriter output = new StringWriter();
    CommandLine command = new CommandLine(new ClientDemoCommand());
    command.setOut(new PrintWriter(output, true));
    command.setErr(new PrintWriter(output, true));
    int exit = command.execute(args);
    return new Run(exit, output.toString());
  }

  private Run createServer(String auth, String user) {
    return run("create-server", "--auth", auth, "--user", user, "--project", "demo", "--url", stack.url.toString(),
        "--tls-url", stack.tlsUrl.toString(), "--data-dir", stack.dataDir.toString());
  }

  @Test
  void aliceWithKerberos_createsAServer_andSeesEveryStep() {
    Run run = createServer("kerberos", "alice");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("<- 401", "WWW-Authenticate: Negotiate")
        .contains("alice@EXAMPLE.COM logs in from its keytab", "Authorization: Negotiate <SPNEGO token")
        .contains("mutual authentication: the server's Negotiate reply verifies")
        .contains("the gateway authenticated alice (Default) by kerberos", "[\"member\",\"reader\"]")
        .contains("compute, authenticated by Kerberos as compute@EXAMPLE.COM -> image GET /images/cirros on behalf of alice")
        .contains("-> network POST /ports on behalf of alice")
        .contains("the network service sees user alice acting through service compute")
        .contains("created server demo-server")
        .contains("owner " + stack.userIds.get("alice") + " in project " + stack.userIds.get("demo"));
  }

  @Test
  void aliceWithHerCertificate_createsAServer() {
    Run run = createServer("cert", "alice");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("presents", "alice.pem in the TLS handshake")
        .contains("the gateway authenticated alice (Default) by x509")
        .contains("the image service sees user alice acting through service compute")
        .contains("created server demo-server");
  }

  @Test
  void aliceWithAPasswordAndALegacyToken_createsAServer() {
    Run run = createServer("password", "alice");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("WWW-Authenticate: Keystone uri=")
        .contains("/v3/auth/tokens with alice's password, scoped to project demo", "<- 201 Created")
        .contains("sends X-Auth-Token: <the Fernet token>")
        .contains("the gateway authenticated alice (Default) by token")
        .contains("the network service sees user alice acting through service compute")
        .contains("created server demo-server");
  }

  @Test
  void aUserWithoutMemberOnTheProject_isRefusedWith403() {
    Run run = createServer("kerberos", "carol");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.output())
        .contains("<- 403", "this requires the role member on the requested scope")
        .contains("failed: the server was not created (403)")
        .doesNotContain("created server");
  }

  @Test
  void discover_showsTheChallenges_theChoice_andTheRetry() {
    Run run = run("discover", stack.url + "/v1/auth/whoami", "--data-dir", stack.dataDir.toString(), "--user", "alice");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("1. GET " + stack.url + "/v1/auth/whoami without credentials", "<- 401",
            "WWW-Authenticate: Negotiate")
        .contains("2. alice can answer with kerberos: Negotiate is offered and a keytab is at hand")
        .contains("3. retried: <- 200", "mutual authentication: the server's Negotiate reply verifies")
        .contains("alice");
  }
}
