package io.tokenless.roles.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.UnavailableException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.http.RoleLookupRoutes;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.Fixture;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.ErrorHandler;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real routes over HTTPS. The server certificate comes from the JDK's
 * keytool; a test front handler turns {@code Authorization: Test <roles>} into a {@link Caller}.
 */
@ExtendWith(PostgresExtension.class)
class RoleLookupClientTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir
  static Path dir;

  private static Fixture f;
  private static Undertow server;
  private static URI base;
  private static SSLContext clientTls;
  private static Project project;
  private static User alice;
  private static Role member;

  @BeforeAll
  static void start(TestDatabase database) throws Exception {
    f = new Fixture(database);
    Domain d = f.domain("Example");
    project = f.project(d, "demo");
    alice = f.user(d, "alice");
    member = f.role("member");
    f.store.users().bindPrincipal(alice.id(), Principal.kerberos("alice@EXAMPLE.COM"));
    f.store.assignments().grant(new Assignment(member.id(), Actor.user(alice.id()), Target.project(project.id()), false));

    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
        "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "san=ip:127.0.0.1", "-validity", "2")
        .redirectErrorStream(true).start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor()).as(keytoolOutput).isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(kmf.getKeyManagers(), null, null);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(keys);
    clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, tmf.getTrustManagers(), null);

    HttpHandler routes = new RoleLookupRoutes(SqlRoleLookup.over(f.store), SqlDirectory.over(f.store)).routes();
    HttpHandler authenticate = exchange -> {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (authorization != null && authorization.startsWith("Test ")) {
        exchange.putAttachment(Caller.KEY, new Caller(Ids.random(), "svc", "default",
            Optional.of(Scope.project(project.id())), Set.of(authorization.substring(5).split(","))));
      }
      routes.handleRequest(exchange);
    };
    server = Undertow.builder().addHttpsListener(0, "127.0.0.1", serverTls)
        .setHandler(new ErrorHandler(authenticate)).build();
    server.start();
    InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    base = URI.create("https://127.0.0.1:" + address.getPort());
  }

  @AfterAll
  static void stop() {
    server.stop();
    f.close();
  }

  private static RoleLookupClient client(String roles, Duration ttl) {
    return new RoleLookupClient(new RoleLookupClient.Settings(base, clientTls, () -> Optional.of("Test " + roles),
        Duration.ofSeconds(5), 100, ttl));
  }

  @Test
  void lookup_overHttps_returnsEffectiveRolesWithNames() {
    EffectiveRoles roles = client("service", Duration.ofSeconds(5))
        .lookup(LookupRequest.principal(PrincipalKind.KERBEROS, "alice@EXAMPLE.COM").onProjectNamed("Example", "demo"));

    assertThat(roles.userId()).isEqualTo(alice.id());
    assertThat(roles.scope().scope()).isEqualTo(Scope.project(project.id()));
    assertThat(roles.roleNames()).containsExactly("member");
  }

  @Test
  void cachedAnswer_isReusedUntilItsTtl() {
    RoleLookupClient client = client("service", Duration.ofMinutes(1));
    Project other = f.project(f.store.domains().findByName("Example").orElseThrow(), "cached-" + Ids.random().substring(0, 6));
    LookupRequest request = LookupRequest.user(alice.id()).onProject(other.id());
    assertThat(client.lookup(request).roles()).isEmpty();

    f.store.assignments().grant(new Assignment(member.id(), Actor.user(alice.id()), Target.project(other.id()), false));

    assertThat(client.lookup(request).roles()).as("still the cached answer").isEmpty();
    assertThat(client("service", Duration.ofMinutes(1)).lookup(request).roleNames()).containsExactly("member");
  }

  @Test
  void failures_arriveAsTheErrorModel() {
    assertThatThrownBy(() -> client("reader", Duration.ofSeconds(1)).lookup(LookupRequest.user(alice.id()).onSystem()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> client("service", Duration.ofSeconds(1)).lookup(LookupRequest.user(Ids.random()).onSystem()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void batch_returnsAnswersAndFailuresInOrder() {
    List<RoleLookupClient.Result> results = client("service", Duration.ofSeconds(1)).lookupAll(List.of(
        LookupRequest.user(alice.id()).onProject(project.id()),
        LookupRequest.user(Ids.random()).onProject(project.id())));

    assertThat(results.get(0).roles()).map(EffectiveRoles::roleNames).contains(List.of("member"));
    assertThat(results.get(1).failure()).containsInstanceOf(NotFoundException.class);
  }

  @Test
  void unreachableServer_isUnavailable() {
    RoleLookupClient client = new RoleLookupClient(new RoleLookupClient.Settings(URI.create("https://127.0.0.1:1"),
        clientTls, Optional::empty, Duration.ofSeconds(2), 0, Duration.ofSeconds(1)));

    assertThatThrownBy(() -> client.lookup(LookupRequest.user(alice.id()).onSystem()))
        .isInstanceOf(UnavailableException.class);
  }
}
