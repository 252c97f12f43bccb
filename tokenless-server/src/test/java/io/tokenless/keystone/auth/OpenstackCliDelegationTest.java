package io.tokenless.keystone.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openstack} CLI (keystoneauth's {@code v3applicationcredential} and password
 * plugins with {@code --os-trust-id}) getting tokens from the token API. Skipped where the CLI is
 * not installed; it follows the catalog, so the server's public URL is its real address.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenstackCliDelegationTest {

  TokenApiServer server;
  String url;
  String demo;
  String alice;
  String bob;
  ApplicationCredential credential;
  Trust trust;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path keys) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openstack")), "the openstack CLI is not installed");
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    server = new TokenApiServer(database, keys, Clock.systemUTC(), Duration.ofHours(1), port);
    url = "http://127.0.0.1:" + port + "/v3";
    RoleStore store = server.store;
    store.domains().create(new Domain("default", "Default", "", true));
    demo = store.projects().create(new Project(Ids.random(), "demo", "default", null, "", true)).id();
    Role member = store.roles().create(new Role(Ids.random(), "member", null, null));
    Role reader = store.roles().create(new Role(Ids.random(), "reader", null, null));
    store.roles().addImplied(member.id(), reader.id());
    alice = store.users().create(new User(Ids.random(), "alice", "default", true, null, null, null),
        "alice-pass".toCharArray()).id();
    bob = store.users().create(new User(Ids.random(), "bob", "default", true, null, null, null),
        "bob-pass".toCharArray()).id();
    store.assignments().grant(new Assignment(member.id(), Actor.user(alice), Target.project(demo), false));
    credential = store.applicationCredentials().create(new ApplicationCredential(Ids.random(), "cli", alice, demo,
        null, null, false, List.of(reader.id()), null), "cli-secret".toCharArray());
    trust = store.trusts().create(new Trust(Ids.random(), alice, bob, demo, false, null, null, null, null,
        List.of(member.id()), null));
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private record Run(int exit, String output) {}

  private Run openstack(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-url", url, "--os-identity-api-version", "3"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("OS_"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openstack finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  @Test
  void applicationCredential_byIdAndByName_getsATokenOnItsProject() throws Exception {
    Run byId = openstack("--os-auth-type", "v3applicationcredential", "--os-application-credential-id",
        credential.id(), "--os-application-credential-secret", "cli-secret", "token", "issue", "-f", "value",
        "-c", "project_id", "-c", "user_id");
    Run byName = openstack("--os-auth-type", "v3applicationcredential", "--os-application-credential-name", "cli",
        "--os-username", "alice", "--os-user-domain-id", "default", "--os-application-credential-secret",
        "cli-secret", "token", "issue", "-f", "value", "-c", "project_id");

    assertThat(byId.exit()).as(byId.output()).isZero();
    assertThat(byId.output().lines().map(String::trim).toList()).containsExactly(demo, alice);
    assertThat(byName.exit()).as(byName.output()).isZero();
    assertThat(byName.output().trim()).isEqualTo(demo);
  }

  @Test
  void wrongSecret_isReportedAsA401() throws Exception {
    Run run = openstack("--os-auth-type", "v3applicationcredential", "--os-application-credential-id",
        credential.id(), "--os-application-credential-secret", "not-the-secret", "token", "issue");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("HTTP 401");
  }

  @Test
  void trustee_getsATrustScopedTokenWithTrustId() throws Exception {
    Run run = openstack("--os-username", "bob", "--os-user-domain-id", "default", "--os-password", "bob-pass",
        "--os-trust-id", trust.id(), "token", "issue", "-f", "value", "-c", "project_id", "-c", "user_id");

    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output().lines().map(String::trim).toList()).containsExactly(demo, bob);
  }
}
