package io.tokenless.demo.flows;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.JgssAcceptor;
import io.tokenless.auth.kerberos.NegotiateAuthenticator;
import io.tokenless.guard.GuardedCaller;
import io.tokenless.guard.TokenlessGuard;
import io.tokenless.http.auth.SpnegoMechanism;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.roles.client.RoleLookupClient;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A service guarding itself: SPNEGO with its own keytab, roles from Tokenless's lookup API as the compute service. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenlessGuardTest {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private DemoStack stack;
  private Undertow service;
  private URI serviceUrl;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws Exception {
    stack = DemoStack.start(database, dir);
    SpnegoClient compute = SpnegoClient.fromKeytab("compute@EXAMPLE.COM", dir.resolve("keytabs/compute.keytab"));
    RoleLookupClient lookup = new RoleLookupClient(new RoleLookupClient.Settings(stack.url, SSLContext.getDefault(),
        () -> Optional.of(compute.negotiateHeader("HTTP/localhost")), Duration.ofSeconds(5), 100, Duration.ofSeconds(5)));
    SpnegoMechanism spnego = new SpnegoMechanism(new NegotiateAuthenticator(
        JgssAcceptor.create(AcceptorConfig.forHost(dir.resolve("keytabs/HTTP-localhost.keytab"), "localhost"))));
    service = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(TokenlessGuard.wrap(List.of(spnego), lookup, exchange -> {
          GuardedCaller caller = GuardedCaller.of(exchange).orElseThrow();
          exchange.getResponseSender().send(caller.roles().user().name() + " via " + caller.mechanism() + " has "
              + caller.roles().roleNames() + " on " + caller.roles().scope().name());
        }))
        .build();
    service.start();
    int port = ((InetSocketAddress) service.getListenerInfo().get(0).getAddress()).getPort();
    serviceUrl = URI.create("http://localhost:" + port + "/servers");
  }

  @AfterAll
  void stop() {
    service.stop();
    stack.close();
  }

  private HttpResponse<String> get(String user) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(serviceUrl).header("X-Project-Name", "demo").GET();
    if (user != null) {
      SpnegoClient client = SpnegoClient.fromKeytab(user + "@EXAMPLE.COM", stack.dataDir.resolve("keytabs/" + user + ".keytab"));
      request.header("Authorization", client.negotiateHeader("HTTP/localhost"));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aliceWithKerberos_reachesTheHandler_withHerRolesOnTheProject() throws Exception {
    HttpResponse<String> response = get("alice");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("alice via kerberos has [member, reader] on demo");
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Negotiate "));
  }

  @Test
  void aUserWithoutRolesOnTheProject_isRefusedWith403() throws Exception {
    assertThat(get("carol").statusCode()).isEqualTo(403);
  }

  @Test
  void withoutCredentials_theGuardAnswers401WithTheNegotiateChallenge() throws Exception {
    HttpResponse<String> response = get(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Negotiate");
  }
}
