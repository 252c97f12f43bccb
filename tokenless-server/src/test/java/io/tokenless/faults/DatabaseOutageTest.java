package io.tokenless.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.config.CacheConfig;
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
import io.tokenless.web.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL stops and starts again under a running server with a service asking for roles all
 * the while, over HTTP as a service sees it: cached lookups keep their {@code 200}, an uncached
 * one is a {@code 503} with {@code Retry-After}, writes are refused the same way and leave
 * nothing behind, and the server recovers without a restart. Uses its own PostgreSQL (not the
 * shared one) so it can be stopped.
 */
class DatabaseOutageTest {
  private static final Logger log = LoggerFactory.getLogger(DatabaseOutageTest.class);
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final String SERVICE = "HTTP/localhost";

  @TempDir
  Path dir;

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private String base;

  private EmbeddedPostgres startPostgres(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("pgdata"))
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  @Test
  void databaseStoppedAndRestartedUnderLoad_cachedLookupsStay200_restIs503WithRetryAfter_writesLeaveNothing_recovers()
      throws Exception {
    TestKdc kdc = TestKdc.shared();
    Path keytab = dir.resolve("http.keytab");
    Files.copy(kdc.exportKeytab(kdc.ensurePrincipal(SERVICE)), keytab, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
    String computeName = TestKdc.uniqueName("compute");
    String adminName = TestKdc.uniqueName("admin");
    SpnegoClient compute = SpnegoClient.fromKeytab(kdc.addPrincipal(computeName),
        kdc.exportKeytab(kdc.principal(computeName)));
    SpnegoClient admin = SpnegoClient.fromKeytab(kdc.addPrincipal(adminName), kdc.exportKeytab(kdc.principal(adminName)));
    Path keys = dir.resolve("keys");
    new KeyRepository(keys).setup();

    int pgPort = ServerProcess.freePort();
    EmbeddedPostgres postgres = startPostgres(pgPort);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    TokenlessServer server = null;
    try {
      server = TokenlessServer.start(new TokenlessConfig(
          new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), null),
          null,
          new DatabaseConfig(url, "postgres", "", 4),
          new KerberosConfig(keytab, List.of("*"), kdc.krb5Conf(), null, null),
          new FernetConfig(keys, null, null),
          new PasswordConfig(4),
          new CacheConfig(600, 1000), // long enough that nothing expires during the outage
          null,
          new MappingConfig(MappingRules.kerberosRealms(Map.of(kdc.realm(), DomainRef.byId(Ids.DEFAULT_DOMAIN)))),
          null));
      base = "http://127.0.0.1:" + server.httpPort();

      String demo;
      String servicesProject;
      String adminProject;
      String alice;
      String bob;
      String auditor;
      try (var pool = DataSources.pooled(DataSources.PoolSettings.of(url, "postgres", ""))) {
        RoleStore store = RoleStore.create(pool, new RoleStore.Options(4, Set.of("admin")));
        store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "", true));
        demo = store.projects().create(new Project(Ids.random(), "demo", Ids.DEFAULT_DOMAIN, null, null, true)).id();
        servicesProject = store.projects().create(
            new Project(Ids.random(), "service", Ids.DEFAULT_DOMAIN, null, null, true)).id();
        adminProject = store.projects().create(
            new Project(Ids.random(), "admin", Ids.DEFAULT_DOMAIN, null, null, true)).id();
        String member = store.roles().create(new Role(Ids.random(), "member", null, null)).id();
        String service = store.roles().create(new Role(Ids.random(), "service", null, null)).id();
        String adminRole = store.roles().create(new Role(Ids.random(), "admin", null, null)).id();
        auditor = store.roles().create(new Role(Ids.random(), "auditor", null, null)).id();
        alice = user(store, "alice");
        bob = user(store, "bob");
        grant(store, member, alice, demo);
        grant(store, member, bob, demo);
        grant(store, service, user(store, computeName), servicesProject);
        grant(store, adminRole, user(store, adminName), adminProject);
      }
      Client asCompute = new Client(compute, servicesProject);
      Client asAdmin = new Client(admin, adminProject);
      String aliceOnDemo = "/v1/lookup?user_id=" + alice + "&project_id=" + demo;
      String bobOnDemo = "/v1/lookup?user_id=" + bob + "&project_id=" + demo;
      String grantAuditorToBob = "/v3/projects/" + demo + "/users/" + bob + "/roles/" + auditor;
      String carol = """
          {"user": {"name": "carol", "domain_id": "default", "password": "carol-password"}}""";

      assertThat(roleNames(send(asCompute, "GET", aliceOnDemo, null))).containsExactly("member");
      assertThat(send(asAdmin, "GET", "/v3/users?name=alice", null).statusCode()).isEqualTo(200);

      // A service keeps asking for alice's roles on demo, before, during and after the outage.
      ConcurrentLinkedQueue<String> loadStatuses = new ConcurrentLinkedQueue<>();
      AtomicInteger duringOutage = new AtomicInteger();
      AtomicBoolean outage = new AtomicBoolean();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread load = new Thread(() -> {
        while (running.get()) {
          String seen;
          try {
            HttpResponse<String> response = send(asCompute, "GET", aliceOnDemo, null);
            seen = response.statusCode() + (response.statusCode() == 200 ? " " + roleNames(response) : "");
          } catch (Exception e) {
            seen = e.getClass().getSimpleName();
          }
          loadStatuses.add(seen);
          if (outage.get()) {
            duringOutage.incrementAndGet();
          }
        }
      }, "outage-load");
      load.start();

      postgres.close();
      outage.set(true);

      // Each waits for the pool's connection timeout before its 503: sent together, they wait once.
      CompletableFuture<HttpResponse<String>> uncachedCall = async(() -> send(asCompute, "GET", bobOnDemo, null));
      CompletableFuture<HttpResponse<String>> grantCall = async(() -> send(asAdmin, "PUT", grantAuditorToBob, null));
      CompletableFuture<HttpResponse<String>> createCall = async(() -> send(asAdmin, "POST", "/v3/users", carol));
      HttpResponse<String> uncached = uncachedCall.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
      HttpResponse<String> grantDuring = grantCall.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
      HttpResponse<String> createDuring = createCall.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
      long deadline = System.nanoTime() + GENEROUS.toNanos();
      while (duringOutage.get() < 20 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      int answeredDuringOutage = duringOutage.get();

      postgres = startPostgres(pgPort);
      outage.set(false);

      HttpResponse<String> bobAfter = eventually(() -> send(asCompute, "GET", bobOnDemo, null));
      running.set(false);
      load.join(GENEROUS.toMillis());
      HttpResponse<String> bobAssignments = send(asAdmin, "GET",
          "/v3/role_assignments?user.id=" + bob + "&scope.project.id=" + demo, null);
      HttpResponse<String> carolAfter = send(asAdmin, "GET", "/v3/users?name=carol", null);
      HttpResponse<String> grantAfter = send(asAdmin, "PUT", grantAuditorToBob, null);
      List<String> bobRolesAfterGrant = eventuallyRoles(asCompute, bobOnDemo, "auditor");

      Map<String, Long> loadSeen = loadStatuses.stream()
          .collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
      log.info("observed: load {} ({} during the outage); uncached lookup {} Retry-After {} {}; grant {} Retry-After {}"
              + " {}; user creation {} {}; after restart: lookup {} {}, bob's assignments {}, carol {}, grant {},"
              + " bob's roles {}",
          loadSeen, answeredDuringOutage, uncached.statusCode(), uncached.headers().firstValue("Retry-After"),
          uncached.body(), grantDuring.statusCode(), grantDuring.headers().firstValue("Retry-After"),
          grantDuring.body(), createDuring.statusCode(), createDuring.body(), bobAfter.statusCode(),
          roleNames(bobAfter), bobAssignments.body(), carolAfter.body(), grantAfter.statusCode(), bobRolesAfterGrant);

      assertThat(loadSeen.keySet()).as("every cached lookup, before, during and after").containsExactly("200 [member]");
      assertThat(answeredDuringOutage).as("cached lookups answered while PostgreSQL was down").isGreaterThanOrEqualTo(20);

      assertThat(uncached.statusCode()).isEqualTo(503);
      assertThat(uncached.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(uncached.headers().firstValue("Retry-After").map(Integer::parseInt)).get().matches(s -> s > 0);
      for (HttpResponse<String> write : List.of(grantDuring, createDuring)) {
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(write.headers().firstValue("Retry-After").map(Integer::parseInt)).get().matches(s -> s > 0);
        assertThat(write.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(Json.MAPPER.readTree(write.body()).at("/error/code").asInt()).isEqualTo(503);
      }

      assertThat(bobAfter.statusCode()).as("recovered without a restart").isEqualTo(200);
      assertThat(roleNames(bobAfter)).as("the refused grant left nothing").containsExactly("member");
      assertThat(Json.MAPPER.readTree(bobAssignments.body()).get("role_assignments")).hasSize(1);
      assertThat(Json.MAPPER.readTree(carolAfter.body()).get("users")).as("the refused user creation").isEmpty();
      assertThat(grantAfter.statusCode()).isEqualTo(204);
      assertThat(bobRolesAfterGrant).as("writes and invalidation work again").contains("auditor", "member");
    } finally {
      if (server != null) {
        server.close();
      }
      postgres.close();
    }
  }

  private static String user(RoleStore store, String name) {
    return store.users().create(new User(Ids.random(), name, Ids.DEFAULT_DOMAIN, true, null, null, null), null).id();
  }

  private static void grant(RoleStore store, String role, String user, String project) {
    store.assignments().grant(new Assignment(role, Actor.user(user), Target.project(project), false));
  }

  /** A Kerberos client acting in a project: a fresh Negotiate token per request, as curl sends it. */
  private record Client(SpnegoClient kerberos, String projectId) {}

  private HttpResponse<String> send(Client caller, String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(GENEROUS)
        .header("Authorization", caller.kerberos().negotiateHeader(SERVICE))
        .header("X-Project-Id", caller.projectId())
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> roleNames(HttpResponse<String> response) {
    try {
      List<String> names = new ArrayList<>();
      for (JsonNode role : Json.MAPPER.readTree(response.body()).path("roles")) {
        names.add(role.get("name").asText());
      }
      return names.stream().sorted().toList();
    } catch (IOException e) {
      return List.of("unreadable: " + response.body());
    }
  }

  private interface Attempt {
    HttpResponse<String> send() throws Exception;
  }

  private static CompletableFuture<HttpResponse<String>> async(Attempt attempt) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return attempt.send();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  /** Retries while the answer is a 503, for as long as PostgreSQL may take to come back. */
  private static HttpResponse<String> eventually(Attempt attempt) throws Exception {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    HttpResponse<String> response = attempt.send();
    while (response.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = attempt.send();
    }
    return response;
  }

  private List<String> eventuallyRoles(Client caller, String path, String role) throws Exception {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    List<String> roles = roleNames(send(caller, "GET", path, null));
    while (!roles.contains(role) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      roles = roleNames(send(caller, "GET", path, null));
    }
    return roles;
  }
}
