package io.tokenless.roles.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.error.UnavailableException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.Migrations;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL goes away and comes back under a running cache. Uses its own server (not the
 * shared one) so it can be stopped.
 */
class CacheOutageTest {
  private static final Duration TTL = Duration.ofSeconds(3);

  @TempDir
  Path dataDirectory;

  private EmbeddedPostgres startPostgres(int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("fsync", "off")
        .start();
  }

  @Test
  void databaseOutage_servesCachedAnswersUntilTtl_failsUncached_andRecoversAfterRestart() throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = startPostgres(port);
    String url = postgres.getJdbcUrl("postgres", "postgres");
    try (HikariDataSource pool = DataSources.pooled(
        new DataSources.PoolSettings(url, "postgres", "", 2, Duration.ofMillis(500)))) {
      Migrations.migrate(pool);
      RoleStore store = RoleStore.create(pool, new RoleStore.Options(4, Set.of("admin")));
      Domain d = store.domains().create(new Domain("default", "Default", null, true));
      Role member = store.roles().create(new Role("11111111111111111111111111111111", "member", null, null));
      User alice = store.users().create(new User("a1", "alice", d.id(), true, null, null, null), null);
      User bob = store.users().create(new User("b1", "bob", d.id(), true, null, null, null), null);
      Project p = store.projects().create(new Project("p1", "p", d.id(), null, null, true));
      Assignment aliceMember = new Assignment(member.id(), Actor.user(alice.id()), Target.project(p.id()), false);
      store.assignments().grant(aliceMember);
      store.assignments().grant(new Assignment(member.id(), Actor.user(bob.id()), Target.project(p.id()), false));
      Scope scope = Scope.project(p.id());

      try (CachingRoleLookup cache = CachingRoleLookup.start(SqlRoleLookup.over(store), SqlDirectory.over(store),
          Connector.of(url, "postgres", ""),
          new CachingRoleLookup.Settings(100, TTL, Duration.ofMillis(100), Duration.ofMillis(400)))) {
        CachingRoleLookupTest.awaitListening(cache);
        assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
        assertThat(cache.projectIdByName("Default", "p")).contains(p.id());
        long cachedAt = System.nanoTime();

        postgres.close();

        assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).as("cached answer during outage")
            .containsExactly("member");
        assertThat(cache.projectIdByName("Default", "p")).as("cached name during outage").contains(p.id());
        assertThatThrownBy(() -> cache.effectiveRoles(bob.id(), scope)).isInstanceOf(UnavailableException.class)
            .satisfies(e -> assertThat(((UnavailableException) e).retryAfter()).isPositive());
        Thread.sleep(Math.max(0, TTL.toMillis() - Duration.ofNanos(System.nanoTime() - cachedAt).toMillis() + 200));
        assertThatThrownBy(() -> cache.effectiveRoles(alice.id(), scope)).as("expired during outage")
            .isInstanceOf(UnavailableException.class);

        postgres = startPostgres(port);

        assertThat(eventually(() -> cache.effectiveRoles(bob.id(), scope).roleNames())).containsExactly("member");
        CachingRoleLookupTest.awaitListening(cache);
        assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).containsExactly("member");
        store.assignments().revoke(aliceMember);
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (cache.effectiveRoles(alice.id(), scope).has("member") && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertThat(cache.effectiveRoles(alice.id(), scope).roleNames()).as("invalidation works again").isEmpty();
      }
    } finally {
      postgres.close();
    }
  }

  private interface Attempt<T> {
    T get();
  }

  private static <T> T eventually(Attempt<T> attempt) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (UnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
