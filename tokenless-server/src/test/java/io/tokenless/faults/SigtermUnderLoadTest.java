package io.tokenless.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.config.DatabaseConfig;
import io.tokenless.db.Database;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.TestKdc;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real server process gets SIGTERM while clients keep it busy: SPNEGO, password tokens, token
 * validation and version discovery on kept-alive connections, plus requests whose bodies are
 * still arriving when the signal comes. Every request is either answered correctly or fails
 * without any answer; none gets a 5xx or a cut-off body; the process exits by itself and leaves
 * no database connection behind.
 */
@ExtendWith(PostgresExtension.class)
class SigtermUnderLoadTest {
  private static final Logger log = LoggerFactory.getLogger(SigtermUnderLoadTest.class);
  private static final Duration GENEROUS = Duration.ofSeconds(120);
  private static final int CLIENTS = 12;
  private static final int SLOW_REQUESTS = 6;
  private static final String PASSWORD = "sigterm-password";

  @TempDir
  Path dir;

  /** What one request came to, as its client saw it. */
  private record Outcome(String kind, long startedNanos, int status, boolean complete, String problem, String token) {
    boolean answered() {
      return status > 0 && complete;
    }
  }

  @Test
  void sigtermUnderLoad_answersEveryRequestItTookIn_cutsNone_andExitsCleanly(TestDatabase database) throws Exception {
    TestKdc kdc = TestKdc.shared();
    Path keytab = dir.resolve("http.keytab");
    Files.copy(kdc.exportKeytab(kdc.ensurePrincipal("HTTP/localhost")), keytab, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
    String userName = TestKdc.uniqueName("sigterm");
    SpnegoClient spnego = SpnegoClient.fromKeytab(kdc.addPrincipal(userName),
        kdc.exportKeytab(kdc.principal(userName)));
    Path keys = dir.resolve("fernet-keys");
    new KeyRepository(keys).setup();

    String userId;
    String projectId;
    try (Database db = Database.open(new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 2))) {
      db.migrate();
      RoleStore store = RoleStore.create(db.dataSource(), new RoleStore.Options(4, Set.of("admin")));
      store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "", true));
      projectId = store.projects().create(new Project(Ids.random(), "demo", Ids.DEFAULT_DOMAIN, null, null, true)).id();
      Role member = store.roles().create(new Role(Ids.random(), "member", null, null));
      userId = store.users().create(new User(Ids.random(), userName, Ids.DEFAULT_DOMAIN, true, null, null, null),
          PASSWORD.toCharArray()).id();
      store.assignments().grant(new Assignment(member.id(), Actor.user(userId), Target.project(projectId), false));
    }

    int port = ServerProcess.freePort();
    String base = "http://127.0.0.1:" + port;
    Path config = dir.resolve("tokenless.yaml");
    Files.writeString(config, """
        server:
          bindAddress: 127.0.0.1
          port: %d
          publicUrl: %s
        database:
          url: %s
          user: %s
          poolSize: 4
        kerberos:
          keytab: %s
          principals: [HTTP/localhost@%s]
          krb5Conf: %s
        fernet:
          keyRepository: %s
        mapping:
          rules:
            - match: [{attribute: KRB5_REALM, equals: %s}, {attribute: KRB5_INSTANCE, present: false}]
              user: "{KRB5_PRIMARY}"
              domain: {id: default}
        """.formatted(port, base, database.jdbcUrl(), database.user(), keytab, kdc.realm(), kdc.krb5Conf(), keys,
        kdc.realm()));
    String passwordBody = """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}},
         "scope": {"project": {"id": "%s"}}}}""".formatted(userId, PASSWORD, projectId);

    try (ServerProcess server = ServerProcess.serve(config, Map.of("TOKENLESS_DB_PASSWORD", database.password()),
        dir.resolve("server.log"), GENEROUS)) {
      Outcomes outcomes = new Outcomes();
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Thread client = new Thread(() -> load(base, spnego, passwordBody, projectId, userName, running, outcomes),
            "sigterm-client-" + i);
        client.start();
        clients.add(client);
      }
      awaitAnswered(outcomes, 200);

      // Requests whose body is still arriving when the signal comes: in flight by any definition.
      List<Socket> slow = new ArrayList<>();
      byte[] body = passwordBody.getBytes(StandardCharsets.UTF_8);
      int half = body.length / 2;
      for (int i = 0; i < SLOW_REQUESTS; i++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) GENEROUS.toMillis());
        socket.getOutputStream().write(("POST /v3/auth/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().write(body, 0, half);
        socket.getOutputStream().flush();
        slow.add(socket);
      }
      Thread.sleep(1_000);

      long sigtermAt = System.nanoTime();
      server.process().destroy(); // SIGTERM
      Thread.sleep(3_000);
      List<String> slowAnswers = new ArrayList<>();
      for (Socket socket : slow) {
        try (socket) {
          socket.getOutputStream().write(body, half, body.length - half);
          socket.getOutputStream().flush();
          slowAnswers.add(RawReply.read(socket.getInputStream()).describe());
        } catch (IOException e) {
          slowAnswers.add("no answer: " + e);
        }
      }

      assertThat(server.process().waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS))
          .as("the process exits after SIGTERM").isTrue();
      Thread.sleep(500);
      running.set(false);
      for (Thread client : clients) {
        client.join(GENEROUS.toMillis());
      }

      List<Outcome> all = outcomes.all();
      List<Outcome> before = all.stream().filter(o -> o.startedNanos() < sigtermAt).toList();
      List<Outcome> after = all.stream().filter(o -> o.startedNanos() >= sigtermAt).toList();
      log.info("observed: exit code {}; {} requests started before SIGTERM: {}; {} after: {}; slow requests: {};"
          + " server: {}", server.process().exitValue(), before.size(), summary(before), after.size(), summary(after),
          slowAnswers, server.output().lines().filter(line -> line.contains("stopp")).toList());

      assertThat(server.process().exitValue()).as("exit status of a JVM stopped by SIGTERM").isEqualTo(143);
      assertThat(slowAnswers).as("requests being received when SIGTERM came")
          .allMatch(answer -> answer.startsWith("201 complete") && answer.contains("connection: close"));
      assertThat(before).as("requests started before SIGTERM are all answered correctly")
          .allMatch(o -> o.answered() && o.problem() == null);
      assertThat(after).as("requests started after SIGTERM: answered correctly, or no answer at all")
          .allMatch(o -> o.answered() ? o.problem() == null : o.status() == 0);
      assertThat(after).as("nothing refused at once but cut after its answer began")
          .noneMatch(o -> o.status() > 0 && !o.complete());
      assertThat(server.output())
          .contains("stopped")
          .doesNotContain("ERROR")
          .doesNotContain("did not close cleanly")
          .doesNotContain("cut off");
      assertThat(connectionsTo(database)).as("database connections left by the stopped server").isZero();
    }
  }

  private static void load(String base, SpnegoClient spnego, String passwordBody, String projectId, String userName,
      AtomicBoolean running, Outcomes outcomes) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    while (running.get()) {
      String token = null;
      for (String kind : List.of("version", "spnego", "issue", "validate")) {
        if (!running.get()) {
          return;
        }
        HttpRequest.Builder request = switch (kind) {
          case "version" -> HttpRequest.newBuilder(URI.create(base + "/v3")).GET();
          case "spnego" -> HttpRequest.newBuilder(URI.create(base + "/v1/auth/whoami"))
              .header("Authorization", spnego.negotiateHeader("HTTP/localhost"))
              .header("X-Project-Id", projectId).GET();
          case "issue" -> HttpRequest.newBuilder(URI.create(base + "/v3/auth/tokens"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(passwordBody));
          default -> token == null ? null : HttpRequest.newBuilder(URI.create(base + "/v3/auth/tokens"))
              .header("X-Auth-Token", token).header("X-Subject-Token", token).GET();
        };
        if (request == null) {
          continue;
        }
        Outcome outcome = send(client, kind, request.timeout(GENEROUS).build(), userName);
        outcomes.add(outcome);
        if (outcome.status() == 0) {
          pause(); // as a client backs off before it tries again
        }
        if (kind.equals("issue")) {
          token = outcome.token();
        }
      }
    }
  }

  /** Sends one request and judges the answer; {@code status} 0 means none arrived. */
  private static Outcome send(HttpClient client, String kind, HttpRequest request, String userName) {
    long started = System.nanoTime();
    int[] status = {0};
    try {
      HttpResponse<String> response = client.send(request, info -> {
        status[0] = info.statusCode();
        return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
      });
      String body = response.body();
      String token = response.headers().firstValue("X-Subject-Token").orElse(null);
      boolean right = switch (kind) {
        case "version" -> response.statusCode() == 200 && body.contains("\"v3");
        case "issue" -> response.statusCode() == 201 && token != null && body.contains(userName);
        default -> response.statusCode() == 200 && body.contains(userName);
      };
      return new Outcome(kind, started, response.statusCode(), true,
          right ? null : "wrong answer: " + response.statusCode() + " " + abbreviate(body), token);
    } catch (IOException e) {
      // Answer headers followed by an exception is a cut-off body; no headers at all is no answer.
      return new Outcome(kind, started, status[0], false,
          (e instanceof ConnectException ? "refused" : e.getClass().getSimpleName()) + ": " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(kind, started, status[0], false, "interrupted", null);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  private static void awaitAnswered(Outcomes outcomes, int count) throws InterruptedException {
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    while (outcomes.answeredCorrectly() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the load never got going: " + summary(outcomes.all()));
      }
      Thread.sleep(50);
    }
  }

  /** Counts per kind and outcome, e.g. {@code issue 201=40, spnego refused=3}. */
  private static String summary(List<Outcome> outcomes) {
    Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(
        o -> o.kind() + " " + (o.answered() ? o.status() + (o.problem() == null ? "" : " WRONG") :
            o.status() > 0 ? "CUT after " + o.status() : o.problem().split(":")[0]),
        LinkedHashMap::new, Collectors.counting()));
    return counts.toString();
  }

  private static long connectionsTo(TestDatabase database) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long count;
    do {
      try (Connection connection = database.connect();
          PreparedStatement query = connection.prepareStatement(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
        query.setString(1, database.name());
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          count = rows.getLong(1);
        }
      }
      if (count > 0) {
        Thread.sleep(200);
      }
    } while (count > 0 && System.nanoTime() < deadline);
    return count;
  }

  /** Outcomes of all client threads. */
  private static final class Outcomes {
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();

    void add(Outcome outcome) {
      outcomes.add(outcome);
    }

    long answeredCorrectly() {
      return outcomes.stream().filter(o -> o.answered() && o.problem() == null).count();
    }

    List<Outcome> all() {
      return Collections.unmodifiableList(new ArrayList<>(outcomes));
    }
  }

  /** A raw HTTP/1.1 response with a Content-Length body. */
  private record RawReply(int status, Map<String, String> headers, boolean complete) {
    String describe() {
      return status + (complete ? " complete" : " CUT") + " connection: " + headers.getOrDefault("connection", "-");
    }

    static RawReply read(InputStream in) throws IOException {
      String statusLine = line(in);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        int colon = header.indexOf(':');
        headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim().toLowerCase(Locale.ROOT));
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      byte[] body = in.readNBytes(length);
      return new RawReply(Integer.parseInt(statusLine.split(" ")[1]), headers, body.length == length);
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("connection closed before a whole answer head");
        }
        if (b != '\r') {
          line.write(b);
        }
      }
      return line.toString(StandardCharsets.US_ASCII);
    }
  }
}
