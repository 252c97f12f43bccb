package io.tokenless.robust;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.KerberosConfig;
import io.tokenless.config.MappingConfig;
import io.tokenless.config.PasswordConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.TestKdc;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.MappingRules;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.server.TokenlessServer;
import io.tokenless.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real {@link TokenlessServer} (PostgreSQL, Kerberos with a keytab of the shared test KDC,
 * Keystone's bootstrap data) and an admin who authenticates with a fresh SPNEGO token on every
 * request, as {@code curl --negotiate} would. The admin holds {@code admin} on project
 * {@code admin}, named in {@code X-Project-Id}, so every {@code /v3} and {@code /v1/lookup} call
 * is allowed and bad input is what the handlers see.
 */
final class RunningServer implements AutoCloseable {
  static final String SERVICE = "HTTP/localhost";

  final TokenlessServer server;
  final HikariDataSource dataSource;
  final RoleStore store;
  final Project adminProject;
  final User adminUser;
  final Path fernetKeys;
  final String base;
  private final SpnegoClient admin;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  RunningServer(TestDatabase database, Path dir) {
    try {
      TestKdc kdc = TestKdc.shared();
      String service = kdc.ensurePrincipal(SERVICE);
      Path keytab = dir.resolve("http.keytab");
      Files.copy(kdc.exportKeytab(service), keytab, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
      String adminName = TestKdc.uniqueName("admin");
      String adminPrincipal = kdc.addPrincipal(adminName);
      admin = SpnegoClient.fromKeytab(adminPrincipal, kdc.exportKeytab(adminPrincipal));

      fernetKeys = dir.resolve("keys");
      Files.createDirectories(fernetKeys);
      new KeyRepository(fernetKeys).setup();
      server = TokenlessServer.start(new TokenlessConfig(
          new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), null),
          null,
          new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4),
          new KerberosConfig(keytab, List.of("*"), kdc.krb5Conf(), null, null),
          new FernetConfig(fernetKeys, null, null),
          new PasswordConfig(4), null, null,
          new MappingConfig(MappingRules.kerberosRealms(Map.of(kdc.realm(), DomainRef.byId(Ids.DEFAULT_DOMAIN)))),
          null));
      base = "http://127.0.0.1:" + server.httpPort();

      dataSource = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(),
          database.password()));
      store = RoleStore.create(dataSource, new RoleStore.Options(4, Set.of("admin")));
      store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "The default domain", true));
      adminProject = store.projects().create(new Project(Ids.random(), "admin", Ids.DEFAULT_DOMAIN, null, null, true));
      Role adminRole = store.roles().create(new Role(Ids.random(), "admin", null, null));
      adminUser = store.users().create(new User(Ids.random(), adminName, Ids.DEFAULT_DOMAIN, true, null, null, null),
          "admin-password".toCharArray());
      store.assignments().grant(new Assignment(adminRole.id(), Actor.user(adminUser.id()),
          Target.project(adminProject.id()), false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh {@code Authorization: Negotiate} value for the admin (the acceptor refuses replays). */
  String adminAuthorization() {
    return admin.negotiateHeader(SERVICE);
  }

  /** What a client sees of a response. */
  record Reply(int status, String contentType, String body) {}

  /** Sends one request as the admin; {@code rawPathAndQuery} is sent as it is (already encoded). */
  Reply send(String method, String rawPathAndQuery, byte[] body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", adminAuthorization())
        .header("X-Project-Id", adminProject.id())
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + rawPathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends one request with the given headers and no body, unauthenticated unless they say so. */
  Reply sendWithHeaders(String method, String rawPathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + rawPathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends one request with the given {@code Authorization} value and no body. */
  Reply sendWithAuthorization(String method, String rawPathAndQuery, String authorization) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", authorization)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .build();
    try {
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + rawPathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a JSON body without authentication and answers the whole response, headers included. */
  HttpResponse<String> sendForHeaders(String method, String rawPathAndQuery, String json) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + rawPathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(json))
        .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + rawPathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  Reply send(String method, String rawPathAndQuery, String json) {
    return send(method, rawPathAndQuery, json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
    dataSource.close();
  }
}
