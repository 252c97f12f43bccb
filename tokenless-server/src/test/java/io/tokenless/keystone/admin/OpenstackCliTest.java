package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real {@code openstack} CLI (python3-openstackclient) against the administration API. It
 * authenticates with {@code --os-auth-type admin_token}, which sends the token straight to the
 * endpoint, so this runs without the token API; the harness reads the token as the caller's
 * user id. Skipped where the CLI is not installed. Each invocation starts a Python interpreter,
 * so this class sticks to the commands whose requests the HTTP tests cannot vouch for.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenstackCliTest {
  private AdminApi api;

  @BeforeAll
  void start(TestDatabase database) {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/openstack")), "the openstack CLI is not installed");
    api = new AdminApi(database);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private record Run(int exit, String output) {}

  private Run openstack(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openstack", "--os-auth-type", "admin_token",
        "--os-endpoint", api.base + "/v3", "--os-token", api.adminUser.id(), "--os-identity-api-version", "3"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("OS_"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openstack finished").isTrue();
    return new Run(process.exitValue(), output);
  }

  private String ok(String... args) throws IOException, InterruptedException {
    Run run = openstack(args);
    assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.output()).isZero();
    return run.output();
  }

  @Test
  void anOperatorSetsUpAProjectAndReadsTheEffectiveRolesBackByName() throws Exception {
    ok("domain", "create", "--description", "Corporate", "corp");
    ok("project", "create", "--domain", "corp", "--description", "Shop", "webshop");
    assertThat(ok("project", "show", "--domain", "corp", "-f", "value", "-c", "name", "webshop").trim())
        .isEqualTo("webshop");
    ok("user", "create", "--domain", "corp", "--password", "alice-pw", "--email", "alice@example.com", "alice");
    ok("group", "create", "--domain", "corp", "developers");
    ok("group", "add", "user", "--group-domain", "corp", "--user-domain", "corp", "developers", "alice");
    ok("role", "create", "webshop-operator");
    ok("implied", "role", "create", "webshop-operator", "--implied-role", "member");
    ok("role", "add", "--user", "alice", "--user-domain", "corp", "--project", "webshop", "--project-domain", "corp",
        "reader");
    ok("role", "add", "--group", "developers", "--group-domain", "corp", "--project", "webshop", "--project-domain",
        "corp", "webshop-operator");

    String effective = ok("role", "assignment", "list", "--effective", "--names", "--user", "alice", "--user-domain",
        "corp", "-f", "value", "-c", "Role", "-c", "User", "-c", "Project");

    assertThat(effective.lines().map(String::trim).toList()).contains(
        "reader alice@corp webshop@corp", "webshop-operator alice@corp webshop@corp", "member alice@corp webshop@corp");
  }

  @Test
  void theCatalogIsManagedWithTheCli() throws Exception {
    ok("region", "create", "--description", "first", "RegionOne");
    ok("service", "create", "--name", "nova", "compute");
    ok("endpoint", "create", "--region", "RegionOne", "compute", "public", "https://compute.example.com/v2.1");

    assertThat(ok("endpoint", "list", "-f", "value", "-c", "URL")).contains("https://compute.example.com/v2.1");
  }

  @Test
  void anUnknownProjectIsReportedAsNotFound() throws Exception {
    Run run = openstack("project", "show", "no-such-project");

    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("No project with a name or ID of 'no-such-project' exists.");
  }
}
