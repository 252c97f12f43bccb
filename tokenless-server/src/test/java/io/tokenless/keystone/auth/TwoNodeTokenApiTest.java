package io.tokenless.keystone.auth;

import static io.tokenless.keystone.auth.KeystoneTokenApiTest.passwordById;
import static io.tokenless.keystone.auth.KeystoneTokenApiTest.projectScope;
import static io.tokenless.keystone.auth.KeystoneTokenApiTest.subjectToken;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.fernet.KeyRepository;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two token API nodes sharing PostgreSQL and a key repository, as behind a load balancer. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodeTokenApiTest {

  final MutableClock clock = new MutableClock(Instant.now());
  TokenApiServer nodeA;
  TokenApiServer nodeB;
  Path keys;
  String alice;
  String admin;
  String demo;
  String memberRole;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) throws Exception {
    keys = dir.resolve("keys");
    nodeA = new TokenApiServer(database, keys, clock, Duration.ofHours(1));
    nodeB = new TokenApiServer(database, keys, clock, Duration.ofHours(1));
    var store = nodeA.store;
    store.domains().create(new Domain("default", "Default", "", true));
    demo = store.projects().create(new Project(id(), "demo", "default", null, "", true)).id();
    String adminRole = store.roles().create(new Role(id(), "admin", null, null)).id();
    memberRole = store.roles().create(new Role(id(), "member", null, null)).id();
    alice = store.users().create(new User(id(), "alice", "default", true, null, null, null), "a".toCharArray()).id();
    admin = store.users().create(new User(id(), "admin", "default", true, null, null, null), "b".toCharArray()).id();
    store.assignments().grant(new Assignment(memberRole, Actor.user(alice), Target.project(demo), false));
    store.assignments().grant(new Assignment(adminRole, Actor.user(admin), Target.project(demo), false));
    assertThat(nodeB.revocations.awaitListening(Duration.ofSeconds(10))).isTrue();
  }

  @AfterAll
  void stop() {
    nodeA.close();
    nodeB.close();
  }

  @Test
  void tokenRevokedOnOneNode_isNotFoundOnTheOtherWithinASecond() throws Exception {
    String adminToken = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(admin, "b", projectScope(demo))));
    String token = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(alice, "a", projectScope(demo))));
    assertThat(validate(nodeB, adminToken, token).statusCode()).isEqualTo(200);

    HttpResponse<String> deleted = nodeA.send("DELETE", "/v3/auth/tokens", null,
        "X-Auth-Token", adminToken, "X-Subject-Token", token);

    assertThat(deleted.statusCode()).isEqualTo(204);
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    int status = validate(nodeB, adminToken, token).statusCode();
    while (status != 404 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = validate(nodeB, adminToken, token).statusCode();
    }
    assertThat(status).isEqualTo(404);
  }

  @Test
  void keysRotatedOnDisk_areUsedWithoutRestart_andOldTokensStillValidate() throws Exception {
    String adminToken = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(admin, "b", projectScope(demo))));
    String before = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(alice, "a", projectScope(demo))));

    new KeyRepository(keys).rotate(3);
    Thread.sleep(1_100);
    String after = subjectToken(nodeB.send("POST", "/v3/auth/tokens", passwordById(alice, "a", projectScope(demo))));

    assertThat(validate(nodeA, adminToken, after).statusCode()).isEqualTo(200);
    assertThat(validate(nodeB, adminToken, before).statusCode()).isEqualTo(200);
  }

  @Test
  void trustDeletedThroughOneNode_endsItsTokensOnTheOtherWithinASecond() throws Exception {
    String adminToken = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(admin, "b", projectScope(demo))));
    Trust trust = nodeA.store.trusts().create(new Trust(id(), alice, admin, demo, false, null, null, null, null,
        List.of(memberRole), null));
    String token = subjectToken(nodeA.send("POST", "/v3/auth/tokens", passwordById(admin, "b",
        "{\"OS-TRUST:trust\": {\"id\": \"" + trust.id() + "\"}}")));
    assertThat(nodeB.cache.listening()).isTrue();
    // Node B now remembers what the trust lends; only the deletion's notification can end that.
    assertThat(validate(nodeB, adminToken, token).statusCode()).isEqualTo(200);

    nodeA.store.trusts().delete(trust.id(), Instant.now());

    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    int status = validate(nodeB, adminToken, token).statusCode();
    while (status != 404 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = validate(nodeB, adminToken, token).statusCode();
    }
    assertThat(status).isEqualTo(404);
  }

  private static HttpResponse<String> validate(TokenApiServer node, String auth, String subject) throws Exception {
    return node.send("GET", "/v3/auth/tokens", null, "X-Auth-Token", auth, "X-Subject-Token", subject);
  }

  private static String id() {
    return java.util.UUID.randomUUID().toString().replace("-", "");
  }
}
