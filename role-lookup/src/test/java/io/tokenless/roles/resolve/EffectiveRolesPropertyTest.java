package io.tokenless.roles.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.store.Fixture;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random assignment graphs, written straight into the tables, answered by the SQL resolver and
 * by {@link BruteForceResolver}; every difference is collected and reported with the seed
 * that reproduces it ({@code -Dtokenless.roles.seed=...}).
 */
@ExtendWith(PostgresExtension.class)
class EffectiveRolesPropertyTest {
  private static final int GRAPHS = 200;

  private static Fixture f;
  private static SqlRoleLookup lookup;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
    lookup = SqlRoleLookup.over(f.store);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void sqlResolver_agreesWithBruteForce_onRandomGraphs() throws SQLException {
    long seed = Long.getLong("tokenless.roles.seed", System.nanoTime());
    Random random = new Random(seed);
    List<String> mismatches = new ArrayList<>();
    int questions = 0;
    for (int graph = 0; graph < GRAPHS && mismatches.size() < 20; graph++) {
      BruteForceResolver oracle = generate(random);
      load(oracle);
      for (String user : oracle.users.keySet()) {
        List<Scope> scopes = new ArrayList<>();
        oracle.projects.keySet().forEach(p -> scopes.add(Scope.project(p)));
        oracle.domains.keySet().forEach(d -> scopes.add(Scope.domain(d)));
        scopes.add(Scope.system());
        for (Scope scope : scopes) {
          questions++;
          Set<String> expected = oracle.effectiveRoles(user, scope);
          Set<String> actual = lookup.effectiveRoles(user, scope).roles().stream().map(RoleRef::id)
              .collect(Collectors.toSet());
          if (!expected.equals(actual)) {
            mismatches.add("graph " + graph + ": " + user + " on " + scope + ": expected " + expected
                + " but SQL said " + actual + "\n  " + describe(oracle));
          }
        }
      }
      Set<EffectiveAssignment> everything = oracle.effectiveAssignments();
      String user = pick(random, new ArrayList<>(oracle.users.keySet()));
      String project = pick(random, new ArrayList<>(oracle.projects.keySet()));
      String domain = pick(random, new ArrayList<>(oracle.domains.keySet()));
      String role = pick(random, new ArrayList<>(oracle.roles.keySet()));
      Set<String> subtree = oracle.subtreeOf(project);
      compare(mismatches, graph, oracle, "no filter", AssignmentFilter.all(), everything);
      // One filter per graph, in rotation: each is exercised on about 25 graphs per run.
      switch (graph % 8) {
        case 0 -> compare(mismatches, graph, oracle, "user " + user, AssignmentFilter.all().withUser(user),
            filter(everything, a -> a.effective().actor().id().equals(user)));
        case 1 -> compare(mismatches, graph, oracle, "role " + role, AssignmentFilter.all().withRole(role),
            filter(everything, a -> a.effective().roleId().equals(role)));
        case 2 -> compare(mismatches, graph, oracle, "project " + project,
            AssignmentFilter.all().withProject(project, false),
            filter(everything, a -> a.effective().target().equals(Target.project(project))));
        case 3 -> compare(mismatches, graph, oracle, "subtree of " + project,
            AssignmentFilter.all().withProject(project, true),
            filter(everything, a -> a.effective().target().type() == Target.Type.PROJECT
                && subtree.contains(a.effective().target().id())));
        case 4 -> compare(mismatches, graph, oracle, "domain " + domain, AssignmentFilter.all().withDomain(domain),
            filter(everything, a -> a.effective().target().equals(Target.domain(domain))));
        case 5 -> compare(mismatches, graph, oracle, "inherited grants only",
            AssignmentFilter.all().withInherited(true), filter(everything, a -> a.source().inherited()));
        case 6 -> compare(mismatches, graph, oracle, "direct grants of " + user + " only",
            AssignmentFilter.all().withUser(user).withInherited(false),
            filter(everything, a -> !a.source().inherited() && a.effective().actor().id().equals(user)));
        default -> compare(mismatches, graph, oracle, "system", AssignmentFilter.all().withSystem(),
            filter(everything, a -> a.effective().target().type() == Target.Type.SYSTEM));
      }
    }
    assertThat(mismatches)
        .as("seed %d (rerun with -Dtokenless.roles.seed=%d); %d questions asked", seed, seed, questions)
        .isEmpty();
  }

  private static Set<EffectiveAssignment> filter(Set<EffectiveAssignment> all,
      java.util.function.Predicate<EffectiveAssignment> keep) {
    return all.stream().filter(keep).collect(Collectors.toSet());
  }

  private static void compare(List<String> mismatches, int graph, BruteForceResolver oracle, String what,
      AssignmentFilter filter, Set<EffectiveAssignment> expected) {
    Set<EffectiveAssignment> actual = new HashSet<>(lookup.effectiveAssignments(filter));
    if (!expected.equals(actual)) {
      Set<EffectiveAssignment> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      Set<EffectiveAssignment> extra = new HashSet<>(actual);
      extra.removeAll(expected);
      mismatches.add("graph " + graph + ": effective assignments (" + what + ") missing " + missing
          + ", unexpected " + extra + "\n  " + describe(oracle));
    }
  }

  private static BruteForceResolver generate(Random random) {
    BruteForceResolver g = new BruteForceResolver();
    int domainCount = 1 + random.nextInt(2);
    for (int i = 0; i < domainCount; i++) {
      g.domains.put("d" + i, random.nextInt(8) != 0);
    }
    List<String> domainIds = new ArrayList<>(g.domains.keySet());
    int projectCount = 1 + random.nextInt(7);
    for (int i = 0; i < projectCount; i++) {
      String domain = pick(random, domainIds);
      List<String> sameDomain = g.projects.entrySet().stream().filter(e -> e.getValue().domainId().equals(domain))
          .map(java.util.Map.Entry::getKey).toList();
      String parent = !sameDomain.isEmpty() && random.nextInt(10) < 7 ? pick(random, sameDomain) : null;
      g.projects.put("p" + i, new BruteForceResolver.ProjectRow(domain, parent, random.nextInt(6) != 0));
    }
    int userCount = 1 + random.nextInt(3);
    for (int i = 0; i < userCount; i++) {
      g.users.put("u" + i, new BruteForceResolver.UserRow(pick(random, domainIds), random.nextInt(8) != 0));
    }
    int groupCount = random.nextInt(4);
    for (int i = 0; i < groupCount; i++) {
      g.groups.put("g" + i, pick(random, domainIds));
      for (String user : g.users.keySet()) {
        if (random.nextInt(10) < 4) {
          g.members.add(new String[] {"g" + i, user});
        }
      }
    }
    int roleCount = 2 + random.nextInt(6);
    for (int i = 0; i < roleCount; i++) {
      g.roles.put("r" + i, random.nextInt(5) == 0 ? pick(random, domainIds) : "");
    }
    // Edges only from lower to higher index: acyclic, as the store guarantees.
    for (int i = 0; i < roleCount; i++) {
      for (int j = i + 1; j < roleCount; j++) {
        if (random.nextInt(4) == 0) {
          g.implications.add(new String[] {"r" + i, "r" + j});
        }
      }
    }
    List<String> groupIds = new ArrayList<>(g.groups.keySet());
    List<String> userIds = new ArrayList<>(g.users.keySet());
    List<String> projectIds = new ArrayList<>(g.projects.keySet());
    List<String> roleIds = new ArrayList<>(g.roles.keySet());
    int assignmentCount = random.nextInt(16);
    for (int i = 0; i < assignmentCount; i++) {
      Actor actor = groupIds.isEmpty() || random.nextBoolean()
          ? Actor.user(pick(random, userIds)) : Actor.group(pick(random, groupIds));
      int kind = random.nextInt(10);
      Target target = kind < 6 ? Target.project(pick(random, projectIds))
          : kind < 9 ? Target.domain(pick(random, domainIds)) : Target.system();
      boolean inherited = target.type() != Target.Type.SYSTEM && random.nextBoolean();
      g.assignments.add(new Assignment(pick(random, roleIds), actor, target, inherited));
    }
    return g;
  }

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** Replaces the whole content of the tables with the graph, in one transaction. */
  private static void load(BruteForceResolver g) throws SQLException {
    try (Connection c = f.dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String table : List.of("assignments", "implied_roles", "group_members", "principals", "groups", "users",
            "projects", "roles", "domains")) {
          s.addBatch("DELETE FROM " + table);
        }
        s.executeBatch();
      }
      batch(c, "INSERT INTO domains (id, name, enabled) VALUES (?, ?, ?)", g.domains.entrySet(),
          (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getKey());
            ps.setBoolean(3, e.getValue());
          });
      batch(c, "INSERT INTO projects (id, name, domain_id, parent_id, enabled) VALUES (?, ?, ?, ?, ?)",
          g.projects.entrySet(), (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getKey());
            ps.setString(3, e.getValue().domainId());
            ps.setString(4, e.getValue().parentId());
            ps.setBoolean(5, e.getValue().enabled());
          });
      batch(c, "INSERT INTO users (id, name, domain_id, enabled) VALUES (?, ?, ?, ?)", g.users.entrySet(),
          (ps, e) -> {
            ps.setString(1, e.getKey());
            ps.setString(2, e.getKey());
            ps.setString(3, e.getValue().domainId());
            ps.setBoolean(4, e.getValue().enabled());
          });
      batch(c, "INSERT INTO groups (id, name, domain_id) VALUES (?, ?, ?)", g.groups.entrySet(), (ps, e) -> {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getKey());
        ps.setString(3, e.getValue());
      });
      batch(c, "INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", g.members, (ps, m) -> {
        ps.setString(1, m[0]);
        ps.setString(2, m[1]);
      });
      batch(c, "INSERT INTO roles (id, name, domain_id) VALUES (?, ?, ?)", g.roles.entrySet(), (ps, e) -> {
        ps.setString(1, e.getKey());
        ps.setString(2, e.getKey());
        ps.setString(3, e.getValue().isEmpty() ? null : e.getValue());
      });
      batch(c, "INSERT INTO implied_roles (prior_role_id, implied_role_id) VALUES (?, ?)", g.implications,
          (ps, i) -> {
            ps.setString(1, i[0]);
            ps.setString(2, i[1]);
          });
      batch(c, "INSERT INTO assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)"
          + " VALUES (?, ?, ?, ?, ?, ?)", g.assignments, (ps, a) -> {
            ps.setString(1, a.actor().type().key());
            ps.setString(2, a.actor().id());
            ps.setString(3, a.target().type().key());
            ps.setString(4, a.target().id());
            ps.setString(5, a.roleId());
            ps.setBoolean(6, a.inherited());
          });
      c.commit();
    }
  }

  private interface Binder<T> {
    void bind(PreparedStatement ps, T row) throws SQLException;
  }

  private static <T> void batch(Connection c, String sql, Iterable<T> rows, Binder<T> binder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (T row : rows) {
        binder.bind(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static String describe(BruteForceResolver g) {
    return "domains=" + g.domains + " projects=" + g.projects + " users=" + g.users + " groups=" + g.groups
        + " members=" + g.members.stream().map(m -> m[0] + "∋" + m[1]).toList()
        + " roles=" + g.roles + " implies=" + g.implications.stream().map(i -> i[0] + "⇒" + i[1]).toList()
        + " assignments=" + g.assignments;
  }
}
