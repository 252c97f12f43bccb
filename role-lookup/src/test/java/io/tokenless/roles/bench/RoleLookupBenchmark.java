package io.tokenless.roles.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.cache.Connector;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.Migrations;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlDirectory;
import io.tokenless.roles.store.SqlRoleLookup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads 10,000 users, 1,000 groups, 2,000 projects in three levels, 100 roles with
 * implications and 200,000 assignments, then measures uncached (SQL) and cached lookups of
 * random (user, project) pairs. Not part of the build's tests; run with
 * <pre>
 * ./mvnw -q -pl role-lookup -am test-compile
 * ./mvnw -q -pl role-lookup dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd role-lookup && java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     io.tokenless.roles.bench.RoleLookupBenchmark [jdbc:postgresql://... user password]
 * </pre>
 * Without arguments it starts an embedded PostgreSQL in a temporary directory.
 */
public final class RoleLookupBenchmark {
  private static final int LOOKUPS = 20_000;
  private static final int THREADS = 4;

  private RoleLookupBenchmark() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgres embedded = null;
    String url;
    String user;
    String password;
    if (args.length >= 2) {
      url = args[0];
      user = args[1];
      password = args.length > 2 ? args[2] : "";
    } else {
      embedded = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off").start();
      url = embedded.getJdbcUrl("postgres", "postgres");
      user = "postgres";
      password = "";
    }
    try (HikariDataSource pool = DataSources.pooled(
        new DataSources.PoolSettings(url, user, password, THREADS + 2, Duration.ofSeconds(5)))) {
      Migrations.migrate(pool);
      BenchmarkData data = new BenchmarkData(10, 10_000, 1_000, 2_000, 100, 200_000);
      long loadStart = System.nanoTime();
      try (Connection connection = pool.getConnection()) {
        data.load(connection, new Random(42));
      }
      System.out.printf(Locale.ROOT, "loaded %,d users, %,d groups, %,d projects, %,d roles, %,d assignments in %.1f s%n",
          data.users, data.groups, data.projects, data.roles, data.assignments, seconds(System.nanoTime() - loadStart));

      RoleStore store = RoleStore.create(pool);
      SqlRoleLookup sql = SqlRoleLookup.over(store);
      List<String[]> questions = new ArrayList<>();
      Random random = new Random(7);
      for (int i = 0; i < LOOKUPS; i++) {
        questions.add(new String[] {"u" + random.nextInt(data.users), data.projectIds.get(random.nextInt(data.projects))});
      }
      measure("warm-up (uncached)", sql, questions.subList(0, 2_000), 1);
      measure("uncached, 1 thread", sql, questions.subList(0, 5_000), 1);
      measure("uncached, " + THREADS + " threads", sql, questions, THREADS);
      try (CachingRoleLookup cache = CachingRoleLookup.start(sql, SqlDirectory.over(store),
          Connector.of(url, user, password), new CachingRoleLookup.Settings(100_000, Duration.ofMinutes(10),
              Duration.ofMillis(100), Duration.ofSeconds(5)))) {
        while (!cache.listening()) {
          Thread.sleep(10);
        }
        measure("cache fill", cache, questions, THREADS);
        measure("cached, " + THREADS + " threads", cache, questions, THREADS);
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void measure(String label, RoleLookup lookup, List<String[]> questions, int threads) throws Exception {
    long[] latencies = new long[questions.size()];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<Long>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      parts.add(pool.submit(() -> {
        long roles = 0;
        for (int i = first; i < questions.size(); i += threads) {
          long before = System.nanoTime();
          roles += lookup.effectiveRoles(questions.get(i)[0], Scope.project(questions.get(i)[1])).roles().size();
          latencies[i] = System.nanoTime() - before;
        }
        return roles;
      }));
    }
    long roles = 0;
    for (Future<Long> part : parts) {
      roles += part.get();
    }
    long elapsed = System.nanoTime() - start;
    pool.shutdown();
    Arrays.sort(latencies);
    System.out.printf(Locale.ROOT,
        "%-24s %,7d lookups %8.0f/s  p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms  (%.1f roles per answer)%n",
        label, questions.size(), questions.size() / seconds(elapsed), millis(latencies[latencies.length / 2]),
        millis(latencies[(int) (latencies.length * 0.99)]), millis(latencies[latencies.length - 1]),
        (double) roles / questions.size());
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }
}
