package io.tokenless.microbench.roles;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.cache.Connector;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.Migrations;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresServer;
import io.tokenless.testing.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Effective roles of a user on a project, on an embedded PostgreSQL holding {@link RoleData}.
 * The questions cycle through 256 (user, project) pairs where the user holds a role directly, so
 * every answer walks the project's ancestors, the user's groups and the implied roles.
 * {@code sql} is one query per question ({@link SqlRoleLookup}, through the connection pool);
 * {@code cached} is {@link CachingRoleLookup} in front of it with every pair already cached and
 * its invalidation listener connected, as on a node between role-model writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class EffectiveRolesBenchmark {
  private static final int QUESTIONS = 256;

  @Param({"sql", "cached"})
  public String lookup;

  private HikariDataSource pool;
  private CachingRoleLookup cache;
  private RoleLookup roles;
  private String[][] questions;
  private int next;

  @Setup(Level.Trial)
  public void loadDatabase() throws SQLException, IOException, InterruptedException {
    // Binaries from the class path, never a container: the benchmark measures this machine.
    System.setProperty("tokenless.test.db", System.getProperty("tokenless.test.db", "embedded"));
    TestDatabase database = PostgresServer.shared().createDatabase();
    pool = DataSources.pooled(DataSources.PoolSettings.of(database.jdbcUrl(), database.user(), database.password()));
    Migrations.migrate(pool);
    RoleData data = new RoleData();
    try (Connection connection = pool.getConnection()) {
      data.load(connection, new Random(42));
    }
    Random pick = new Random(7);
    questions = new String[QUESTIONS][];
    for (int i = 0; i < QUESTIONS; i++) {
      questions[i] = data.userProjectGrants.get(pick.nextInt(data.userProjectGrants.size()));
    }

    RoleStore store = RoleStore.create(pool);
    SqlRoleLookup sql = SqlRoleLookup.over(store);
    roles = sql;
    if (lookup.equals("cached")) {
      cache = CachingRoleLookup.start(sql, SqlDirectory.over(store),
          Connector.of(database.jdbcUrl(), database.user(), database.password()), CachingRoleLookup.Settings.defaults());
      awaitListening(cache);
      roles = cache;
    }
    for (String[] question : questions) {
      if (roles.effectiveRoles(question[0], io.tokenless.roles.model.Scope.project(question[1])).roles().isEmpty()) {
        throw new IllegalStateException("no roles for " + question[0] + " on " + question[1]);
      }
    }
  }

  /** Answers are only cached once the listener hears invalidations; before that each is a query. */
  private static void awaitListening(CachingRoleLookup cache) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!cache.listening()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("role cache listener did not connect within 30 s");
      }
      Thread.sleep(10);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    if (cache != null) {
      cache.close();
    }
    pool.close();
  }

  @Benchmark
  public EffectiveRoles effectiveRoles() {
    String[] question = questions[next];
    next = (next + 1) & (QUESTIONS - 1);
    return roles.effectiveRoles(question[0], io.tokenless.roles.model.Scope.project(question[1]));
  }
}
