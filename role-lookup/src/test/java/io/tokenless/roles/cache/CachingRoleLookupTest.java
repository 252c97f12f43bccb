package io.tokenless.roles.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.Fixture;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CachingRoleLookupTest {
  private static Fixture f;
  private static TestDatabase db;
  private static Role member;
  private static int counter;

  private Domain d;
  private User alice;
  private Project project;
  private Assignment aliceMember;
  private CountingLookup sql;
  private CachingRoleLookup nodeA;
  private CachingRoleLookup nodeB;

  /** The real SQL lookup, counting how often a cache had to ask it. */
  private static final class CountingLookup implements RoleLookup {
    private final RoleLookup next;
    final AtomicInteger calls = new AtomicInteger();

    CountingLookup(RoleLookup next) {
      this.next = next;
    }

    @Override
    public EffectiveRoles effectiveRoles(String userId, Scope scope) {
      calls.incrementAndGet();
      return next.effectiveRoles(userId, scope);
    }
  }

  @BeforeAll
  static void start(TestDatabase database) {
    db = database;
    f = new Fixture(database);
    member = f.role("member");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @BeforeEach
  void twoNodes() throws InterruptedException {
    counter++;
    d = f.domain("cache" + counter);
    alice = f.user(d, "alice");
    project = f.project(d, "p");
    aliceMember = new Assignment(member.id(), Actor.user(alice.id()), Target.project(project.id()), false);
    f.store.assignments().grant(aliceMember);
    sql = new CountingLookup(SqlRoleLookup.over(f.store));
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    CachingRoleLookup.Settings settings = new CachingRoleLookup.Settings(1000, Duration.ofMinutes(5),
        Duration.ofMillis(50), Duration.ofSeconds(1));
    nodeA = CachingRoleLookup.start(sql, SqlDirectory.over(f.store), connector, settings);
    nodeB = CachingRoleLookup.start(SqlRoleLookup.over(f.store), SqlDirectory.over(f.store), connector, settings);
    awaitListening(nodeA);
    awaitListening(nodeB);
  }

  @AfterEach
  void closeNodes() {
    nodeA.close();
    nodeB.close();
  }

  static void awaitListening(CachingRoleLookup cache) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!cache.listening() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(cache.listening()).as("listener connected").isTrue();
  }

  @Test
  void repeatedLookup_isAnsweredFromTheCache() {
    EffectiveRoles first = nodeA.effectiveRoles(alice.id(), Scope.project(project.id()));
    EffectiveRoles second = nodeA.effectiveRoles(alice.id(), Scope.project(project.id()));

    assertThat(second).isEqualTo(first);
    assertThat(second.roleNames()).containsExactly("member");
    assertThat(sql.calls).hasValue(1);
  }

  @Test
  void revokeThroughOneNode_otherNodeStopsReturningTheRoleWithinOneSecond() throws InterruptedException {
    Scope scope = Scope.project(project.id());
    assertThat(nodeA.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
    assertThat(nodeB.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");

    f.store.assignments().revoke(aliceMember);
    long revokedAt = System.nanoTime();

    // Each node hears the notification on its own connection, in no particular order.
    for (CachingRoleLookup node : java.util.List.of(nodeB, nodeA)) {
      while (node.effectiveRoles(alice.id(), scope).has("member")) {
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        Thread.sleep(5);
      }
    }
  }

  @Test
  void groupMembershipChange_isSeenByTheCache() throws InterruptedException {
    var team = f.group(d, "team");
    Project other = f.project(d, "other");
    f.store.assignments().grant(new Assignment(member.id(), Actor.group(team.id()), Target.project(other.id()), false));
    Scope scope = Scope.project(other.id());
    assertThat(nodeB.effectiveRoles(alice.id(), scope).roles()).isEmpty();

    f.store.groups().addMember(team.id(), alice.id());

    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (!nodeB.effectiveRoles(alice.id(), scope).has("member") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(nodeB.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
  }

  @Test
  void expiredAnswer_isAskedForAgain() throws InterruptedException {
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    CountingLookup counting = new CountingLookup(SqlRoleLookup.over(f.store));
    try (CachingRoleLookup shortLived = CachingRoleLookup.start(counting, SqlDirectory.over(f.store), connector,
        new CachingRoleLookup.Settings(10, Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofSeconds(1)))) {
      awaitListening(shortLived);
      shortLived.effectiveRoles(alice.id(), Scope.project(project.id()));
      shortLived.effectiveRoles(alice.id(), Scope.project(project.id()));
      assertThat(counting.calls).hasValue(1);

      Thread.sleep(300);
      shortLived.effectiveRoles(alice.id(), Scope.project(project.id()));

      assertThat(counting.calls).hasValue(2);
    }
  }

  @Test
  void answerAskedForNearItsExpiry_isRefreshedInTheBackground_andNeverMissed() throws InterruptedException {
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    CountingLookup counting = new CountingLookup(SqlRoleLookup.over(f.store));
    Scope scope = Scope.project(project.id());
    try (CachingRoleLookup cache = CachingRoleLookup.start(counting, SqlDirectory.over(f.store), connector,
        new CachingRoleLookup.Settings(10, Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofSeconds(1)))) {
      awaitListening(cache);
      cache.effectiveRoles(alice.id(), scope);
      long cachedAt = System.nanoTime();
      assertThat(counting.calls).hasValue(1);

      // In the last fifth of the TTL: served from the cache, and computed again off this thread.
      sleepUntil(cachedAt, Duration.ofMillis(1_700));
      assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (counting.calls.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(counting.calls).hasValue(2);
      Thread.sleep(100);

      // Past the first answer's TTL the refreshed one is served: no request waits for PostgreSQL.
      sleepUntil(cachedAt, Duration.ofMillis(2_300));
      assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
      assertThat(counting.calls).hasValue(2);
    }
  }

  private static void sleepUntil(long start, Duration offset) throws InterruptedException {
    long wait = offset.toMillis() - Duration.ofNanos(System.nanoTime() - start).toMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  @Test
  void callersMissingTheSameEntry_atOnce_shareOneQuery() throws Exception {
    Scope scope = Scope.project(project.id());
    java.util.concurrent.CountDownLatch computing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    RoleLookup slow = (userId, s) -> {
      calls.incrementAndGet();
      computing.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return SqlRoleLookup.over(f.store).effectiveRoles(userId, s);
    };
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
    try (CachingRoleLookup cache = CachingRoleLookup.start(slow, SqlDirectory.over(f.store), connector,
        CachingRoleLookup.Settings.defaults())) {
      awaitListening(cache);
      java.util.List<java.util.concurrent.Future<EffectiveRoles>> answers = new java.util.ArrayList<>();
      answers.add(callers.submit(() -> cache.effectiveRoles(alice.id(), scope)));
      computing.await();
      for (int i = 0; i < 7; i++) {
        answers.add(callers.submit(() -> cache.effectiveRoles(alice.id(), scope)));
      }
      Thread.sleep(200);
      release.countDown();

      for (java.util.concurrent.Future<EffectiveRoles> answer : answers) {
        assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).roleNames()).containsExactly("member");
      }
      assertThat(calls).hasValue(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void answerComputedWhileAWriteCommits_isNotServedAfterwards() throws Exception {
    Scope scope = Scope.project(project.id());
    java.util.concurrent.CountDownLatch computing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch committed = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    RoleLookup slow = (userId, s) -> {
      EffectiveRoles answer = SqlRoleLookup.over(f.store).effectiveRoles(userId, s);
      if (calls.incrementAndGet() == 1) {
        computing.countDown();
        try {
          committed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return answer;
    };
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    try (CachingRoleLookup cache = CachingRoleLookup.start(slow, SqlDirectory.over(f.store), connector,
        CachingRoleLookup.Settings.defaults())) {
      awaitListening(cache);
      java.util.concurrent.CompletableFuture<EffectiveRoles> stale =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.effectiveRoles(alice.id(), scope));
      computing.await();
      f.store.assignments().revoke(aliceMember);
      cache.invalidateAll();
      committed.countDown();

      assertThat(stale.get().roleNames()).containsExactly("member");
      assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).isEmpty();
      assertThat(calls).hasValue(2);
    }
  }

  @Test
  void cache_keepsAtMostItsMaximumSize() throws InterruptedException {
    // Created before the cache starts: every write empties the cache.
    java.util.List<Project> projects = java.util.List.of(f.project(d, "s1"), f.project(d, "s2"), f.project(d, "s3"));
    Connector connector = Connector.of(db.jdbcUrl(), db.user(), db.password());
    try (CachingRoleLookup small = CachingRoleLookup.start(SqlRoleLookup.over(f.store), SqlDirectory.over(f.store), connector,
        new CachingRoleLookup.Settings(2, Duration.ofMinutes(1), Duration.ofMillis(50), Duration.ofSeconds(1)))) {
      awaitListening(small);
      for (Project p : projects) {
        small.effectiveRoles(alice.id(), Scope.project(p.id()));
      }

      assertThat(small.size()).isEqualTo(2);
    }
  }
}
