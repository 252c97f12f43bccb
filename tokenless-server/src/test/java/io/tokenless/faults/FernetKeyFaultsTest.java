package io.tokenless.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tokenless.cli.TokenlessCommand;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.PasswordConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.fernet.FernetCodec;
import io.tokenless.fernet.InvalidTokenException;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeySource;
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
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Fernet key repository of a running server changes under it: rotated with
 * {@code tokenless fernet rotate} while clients issue and validate tokens, and damaged (a key
 * file corrupted, the primary deleted, every key deleted). Observed over HTTP, as Keystone
 * clients and keystonemiddleware see the token API.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FernetKeyFaultsTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final String PASSWORD = "fernet-faults";

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private TestDatabase database;
  private String adminId;
  private String aliceId;
  private String projectId;

  private Path keys;
  private TokenlessServer server;
  private String base;
  private ListAppender<ILoggingEvent> logs;

  @BeforeAll
  void seed(TestDatabase database) {
    this.database = database;
    try (var pool = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(),
        database.password()))) {
      io.tokenless.db.Database.migrate(pool);
      RoleStore store = RoleStore.create(pool, new RoleStore.Options(4, Set.of("admin")));
      store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "", true));
      projectId = store.projects().create(new Project(Ids.random(), "demo", Ids.DEFAULT_DOMAIN, null, null, true)).id();
      String admin = store.roles().create(new Role(Ids.random(), "admin", null, null)).id();
      String member = store.roles().create(new Role(Ids.random(), "member", null, null)).id();
      adminId = user(store, "admin");
      aliceId = user(store, "alice");
      store.assignments().grant(new Assignment(admin, Actor.user(adminId), Target.project(projectId), false));
      store.assignments().grant(new Assignment(member, Actor.user(aliceId), Target.project(projectId), false));
    }
  }

  private static String user(RoleStore store, String name) {
    return store.users().create(new User(Ids.random(), name, Ids.DEFAULT_DOMAIN, true, null, null, null),
        PASSWORD.toCharArray()).id();
  }

  @BeforeEach
  void start(@TempDir Path testDir) {
    keys = testDir.resolve("fernet-keys");
    new KeyRepository(keys).setup();
    server = TokenlessServer.start(new TokenlessConfig(
        new ServerConfig("127.0.0.1", 0, URI.create("http://identity.example.com:5000"), null), null,
        new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4), null,
        new FernetConfig(keys, null, null), new PasswordConfig(4), null, null, null, null));
    base = "http://127.0.0.1:" + server.httpPort();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    logs = new ListAppender<>();
    logs.setContext(context);
    logs.start();
    context.getLogger("io.tokenless.fernet").addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.tokenless.fernet").detachAppender(logs);
    server.close();
  }

  @Test
  void rotatedUnderLoad_noValidTokenIsRejected_beforeOrAfterEachRotation() throws Exception {
    String adminToken = issue(adminId);
    List<String> issued = new CopyOnWriteArrayList<>();
    issued.add(issue(aliceId));
    ConcurrentLinkedQueue<String> rejections = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Integer> validations = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread thread = new Thread(() -> {
        while (running.get()) {
          try {
            String fresh = issue(aliceId);
            issued.add(fresh);
            String older = issued.get(ThreadLocalRandom.current().nextInt(issued.size()));
            for (String token : List.of(fresh, older)) {
              int status = validate(adminToken, token).statusCode();
              validations.add(status);
              if (status != 200) {
                rejections.add(status + " for a token issued as number " + issued.indexOf(token));
              }
            }
          } catch (Exception e) {
            rejections.add(e.toString());
          }
        }
      }, "rotation-client-" + i);
      thread.start();
      clients.add(thread);
    }

    // Six keys kept: every token issued during the test stays valid by Keystone's rules.
    List<Integer> rotateExits = new ArrayList<>();
    for (int rotation = 0; rotation < 4; rotation++) {
      Thread.sleep(1_200);
      rotateExits.add(TokenlessCommand.run("fernet", "rotate", "--keys", keys.toString(), "--max-active-keys", "6"));
    }
    Thread.sleep(2_500); // the server sees the last rotation within a second
    running.set(false);
    for (Thread thread : clients) {
      thread.join(GENEROUS.toMillis());
    }
    List<Integer> finalStatuses = new ArrayList<>();
    for (String token : issued) {
      finalStatuses.add(validate(adminToken, token).statusCode());
    }

    FernetCodec decoder = new FernetCodec(KeySource.fixed(new KeyRepository(keys).load()));
    Map<Integer, Long> tokensPerKey = new TreeMap<>(issued.stream()
        .collect(Collectors.groupingBy(token -> keyNumber(decoder, token), Collectors.counting())));
    LoggerFactory.getLogger(FernetKeyFaultsTest.class).info(
        "observed: rotate exit codes {}; {} validations under load, rejections {}; tokens issued per primary key {};"
            + " all {} re-validated at the end: {}", rotateExits, validations.size(), rejections, tokensPerKey,
        issued.size(), finalStatuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting())));

    assertThat(rotateExits).containsOnly(0);
    assertThat(rejections).isEmpty();
    assertThat(tokensPerKey.keySet()).as("tokens issued before and after every rotation")
        .containsExactly(1, 2, 3, 4, 5);
    assertThat(finalStatuses).containsOnly(200);
    assertThat(validate(adminToken, adminToken).statusCode()).as("the token issued before any rotation").isEqualTo(200);
  }

  @Test
  void damagedKeyRepository_keepsTheLastGoodKeys_tokensKeepValidating_andSaysWhy() throws Exception {
    String adminToken = issue(adminId);
    String before = issue(aliceId);
    Path primary = keys.resolve("1");
    Path staged = keys.resolve("0");
    String primaryKey = Files.readString(primary);
    String stagedKey = Files.readString(staged);
    Map<String, String> observed = new java.util.LinkedHashMap<>();

    Files.writeString(primary, "this is not a Fernet key, a sync tool wrote it halfway");
    observed.put("primary key file corrupted", underDamage(adminToken, before, "does not hold a Fernet key"));
    restore(primary, primaryKey);

    Files.delete(primary);
    observed.put("primary key file deleted", underDamage(adminToken, before, "lost key(s) [1]"));
    restore(primary, primaryKey);

    Files.delete(primary);
    Files.delete(staged);
    observed.put("every key file deleted", underDamage(adminToken, before, "holds no key"));
    restore(primary, primaryKey);
    restore(staged, stagedKey);

    String after = issue(aliceId);
    LoggerFactory.getLogger(FernetKeyFaultsTest.class).info("observed: {}; after repair: old token {}, new token {}",
        observed, validate(adminToken, before).statusCode(), validate(adminToken, after).statusCode());
    assertThat(observed.values()).allMatch(outcome -> outcome.startsWith("all 200"));
    assertThat(validate(adminToken, before).statusCode()).isEqualTo(200);
    assertThat(validate(adminToken, after).statusCode()).isEqualTo(200);
  }

  /**
   * Keeps validating {@code before} and newly issued tokens until a WARN containing
   * {@code reason} is logged; returns what the clients saw and the WARN.
   */
  private String underDamage(String adminToken, String before, String reason) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    String warning = null;
    while (warning == null && System.nanoTime() < deadline) {
      statuses.add(validate(adminToken, before).statusCode());
      statuses.add(validate(adminToken, issue(aliceId)).statusCode());
      warning = logs.list.stream()
          .filter(event -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains(reason))
          .map(ILoggingEvent::getFormattedMessage).findFirst().orElse(null);
      Thread.sleep(100);
    }
    logs.list.clear();
    Map<Integer, Long> counts = statuses.stream().collect(Collectors.groupingBy(s -> s, TreeMap::new,
        Collectors.counting()));
    return (counts.keySet().equals(Set.of(200)) ? "all 200 " : "NOT all 200 ") + counts + "; WARN: " + warning;
  }

  private static void restore(Path file, String content) throws Exception {
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private static int keyNumber(FernetCodec decoder, String token) {
    try {
      return decoder.decrypt(token).keyNumber();
    } catch (InvalidTokenException e) {
      return -1;
    }
  }

  private String issue(String userId) throws Exception {
    String body = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}},
         "scope": {"project": {"id": "%s"}}}}""".formatted(userId, PASSWORD, projectId);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/v3/auth/tokens"))
        .timeout(GENEROUS).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private HttpResponse<String> validate(String authToken, String subjectToken) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + "/v3/auth/tokens")).timeout(GENEROUS)
        .header("X-Auth-Token", authToken).header("X-Subject-Token", subjectToken).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
