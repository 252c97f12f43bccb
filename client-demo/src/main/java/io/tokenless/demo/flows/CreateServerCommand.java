package io.tokenless.demo.flows;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.web.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code client-demo create-server}: creates a server through the gateway and prints each step
 * as it happens: the {@code 401} and its challenges, how the user authenticates, what the
 * gateway decided, and which service called which on whose behalf with which roles.
 */
@Command(name = "create-server", mixinStandardHelpOptions = true,
    description = "Create a server through the Tokenless gateway, printing every authentication step.")
public final class CreateServerCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--auth", required = true, description = "kerberos, cert or password")
  AuthKind auth;

  @Option(names = "--project", defaultValue = "demo", description = "project name in the Default domain (default: ${DEFAULT-VALUE})")
  String project;

  @Option(names = "--url", defaultValue = "http://localhost:5000", description = "gateway URL (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(names = "--tls-url", defaultValue = "https://localhost:5443",
      description = "gateway HTTPS URL for --auth cert (default: ${DEFAULT-VALUE})")
  URI tlsUrl;

  @Option(names = "--data-dir", defaultValue = "dev-data", description = "tokenless dev data directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--user", defaultValue = "alice", description = "demo user (default: ${DEFAULT-VALUE})")
  String user;

  @Option(names = "--name", defaultValue = "demo-server", description = "server name (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--image", defaultValue = "cirros", description = "image id (default: ${DEFAULT-VALUE})")
  String image;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try {
      return run(out);
    } catch (DemoFailure failure) {
      out.println("failed: " + failure.getMessage());
      return 1;
    } catch (java.io.IOException unreachable) {
      out.println("failed: " + unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage());
      return 1;
    } finally {
      out.flush();
    }
  }

  private int run(PrintWriter out) throws IOException, InterruptedException {
    if (auth == AuthKind.kerberos) {
      KerberosSettings.apply(dataDir.resolve("krb5.conf"), KerberosSettings.DEFAULT_CLOCK_SKEW);
    }
    UserLogin login = UserLogin.of(auth, user, dataDir, url, tlsUrl).scopedTo(project);
    URI servers = login.base().resolve("/compute/servers");
    String body = Json.MAPPER.writeValueAsString(Map.of("server", Map.of("name", name, "imageRef", image)));

    out.printf("1. POST %s (project %s) without credentials%n", servers, project);
    HttpResponse<String> first = send(Discovery.plainClient(login, dataDir), request(servers, body));
    out.printf("   <- %d%n", first.statusCode());
    List<String> challenges = first.headers().allValues("WWW-Authenticate");
    challenges.forEach(challenge -> out.printf("   WWW-Authenticate: %s%n", challenge));
    if (first.statusCode() != 401) {
      throw new DemoFailure("expected 401 before authenticating, got " + first.statusCode());
    }
    if (auth != AuthKind.cert && challenges.stream().noneMatch(c -> c.startsWith(login.scheme()))) {
      throw new DemoFailure("the server does not offer " + login.scheme());
    }
    out.printf("2. %s answers with %s and retries%n", user, auth == AuthKind.cert
        ? "a client certificate" : "the " + login.scheme() + " mechanism");
    HttpRequest.Builder retry = request(servers, body);
    login.authenticate(retry, out);
    HttpResponse<String> response = send(login.http(), retry);
    out.printf("   <- %d%n", response.statusCode());
    JsonNode json = response.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
    if (response.statusCode() != 202) {
      out.printf("   %s%n", json.path("detail").asText(response.body()));
      throw new DemoFailure("the server was not created (" + response.statusCode() + ")");
    }
    login.checkReply(response, out);
    printTrace(json.get("trace"), out);
    JsonNode server = json.get("server");
    out.printf("created server %s (%s): %s, image %s, port %s, address %s, owner %s in project %s%n",
        server.get("name").asText(), server.get("id").asText(), server.get("status").asText(),
        server.get("image").asText(), server.get("port_id").asText(), server.get("fixed_ip").asText(),
        server.get("user_id").asText(), server.get("project_id").asText());
    return 0;
  }

  private void printTrace(JsonNode trace, PrintWriter out) {
    int step = 3;
    for (JsonNode hop : trace) {
      JsonNode seen = hop.get("seen_by");
      String who = seen.path("user_name").asText() + " (" + seen.path("user_domain_name").asText() + ")";
      String where = "project " + seen.path("project_name").asText();
      if (!hop.has("called_by")) {
        out.printf("%d. the gateway authenticated %s by %s, looked up the roles on %s: %s;%n", step++, who,
            seen.path("mechanism").asText(), where, seen.path("roles"));
        out.printf("   the policy allowed %s and it reached the %s service, which sees user %s%n",
            hop.path("call").asText(), hop.path("service").asText(), seen.path("user_id").asText());
      } else {
        out.printf("%d. %s -> %s %s on behalf of %s%n", step++, hop.path("called_by").asText(),
            hop.path("service").asText(), hop.path("call").asText(), who);
        out.printf("   the gateway checked that %s holds %s on its own project, re-checked %s's roles on %s: %s;%n",
            seen.path("service_user_name").asText(), seen.path("service_roles"), seen.path("user_name").asText(),
            where, seen.path("roles"));
        out.printf("   the %s service sees user %s acting through service %s%n", hop.path("service").asText(),
            seen.path("user_name").asText(), seen.path("service_user_name").asText());
      }
    }
  }

  private HttpRequest.Builder request(URI uri, String body) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("X-Project-Name", project)
        .header("X-Project-Domain-Id", "default")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(java.net.http.HttpClient client, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
