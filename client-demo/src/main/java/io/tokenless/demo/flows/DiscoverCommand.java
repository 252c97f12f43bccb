package io.tokenless.demo.flows;

import io.tokenless.auth.kerberos.KerberosSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code client-demo discover URL}: shows the {@code 401} negotiation. Calls without
 * credentials, prints every {@code WWW-Authenticate} challenge, picks a mechanism the user can
 * answer, retries, and prints the outcome.
 */
@Command(name = "discover", mixinStandardHelpOptions = true,
    description = "Show the 401 negotiation of a URL: challenges, the chosen mechanism, the retry.")
public final class DiscoverCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "e.g. http://localhost:5000/v1/auth/whoami")
  URI url;

  @Option(names = "--data-dir", defaultValue = "dev-data", description = "tokenless dev data directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--user", defaultValue = "alice", description = "demo user (default: ${DEFAULT-VALUE})")
  String user;

  @Option(names = "--project", defaultValue = "demo", description = "project name sent in X-Project-Name (default: ${DEFAULT-VALUE})")
  String project;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try {
      if (java.nio.file.Files.isRegularFile(dataDir.resolve("krb5.conf"))) {
        KerberosSettings.apply(dataDir.resolve("krb5.conf"), KerberosSettings.DEFAULT_CLOCK_SKEW);
      }
      boolean https = url.getScheme().equals("https");
      UserLogin anonymous = UserLogin.of(AuthKind.kerberos, user, dataDir, url, url);
      out.printf("1. GET %s without credentials%n", url);
      HttpResponse<String> first = Discovery.plainClient(anonymous, dataDir).send(request().build(),
          HttpResponse.BodyHandlers.ofString());
      out.printf("   <- %d%n", first.statusCode());
      List<String> challenges = first.headers().allValues("WWW-Authenticate");
      challenges.forEach(challenge -> out.printf("   WWW-Authenticate: %s%n", challenge));
      if (first.statusCode() != 401) {
        out.println("no authentication asked for; nothing to negotiate");
        return 0;
      }
      AuthKind kind = Discovery.choose(challenges, https, dataDir, user)
          .orElseThrow(() -> new DemoFailure("none of the offered mechanisms can be answered with " + user
              + "'s files in " + dataDir));
      out.printf("2. %s can answer with %s: %s%n", user, kind, switch (kind) {
        case kerberos -> "Negotiate is offered and a keytab is at hand";
        case cert -> "the URL is HTTPS and a client certificate is at hand";
        case password -> "a Keystone token endpoint is offered and a password is at hand";
      });
      UserLogin login = UserLogin.of(kind, user, dataDir, url, url);
      HttpRequest.Builder retry = request();
      login.authenticate(retry, out);
      HttpResponse<String> response = login.http().send(retry.build(), HttpResponse.BodyHandlers.ofString());
      out.printf("3. retried: <- %d%n", response.statusCode());
      login.checkReply(response, out);
      String body = response.body();
      out.println("   " + (body.length() > 600 ? body.substring(0, 600) + "..." : body));
      return response.statusCode() / 100 == 2 ? 0 : 1;
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

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("X-Project-Name", project).GET();
  }
}
