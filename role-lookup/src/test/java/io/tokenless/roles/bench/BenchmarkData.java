package io.tokenless.roles.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A large, Keystone-shaped data set written with COPY: domains, a three-level project tree,
 * users, groups with members, roles with implications, and assignments of every kind. Ids are
 * short and predictable ({@code u123}, {@code p45}) so a lookup workload can name them.
 */
final class BenchmarkData {
  final int domains;
  final int users;
  final int groups;
  final int projects;
  final int roles;
  final int assignments;
  final List<String> projectIds = new ArrayList<>();

  BenchmarkData(int domains, int users, int groups, int projects, int roles, int assignments) {
    this.domains = domains;
    this.users = users;
    this.groups = groups;
    this.projects = projects;
    this.roles = roles;
    this.assignments = assignments;
  }

  /** Writes the data set into an empty, migrated schema in one transaction. */
  void load(Connection connection, Random random) throws SQLException, IOException {
    connection.setAutoCommit(false);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();

    StringBuilder rows = new StringBuilder();
    for (int d = 0; d < domains; d++) {
      rows.append("d").append(d).append(",domain-").append(d).append(",t\n");
    }
    copy(copy, "domains (id, name, enabled)", rows);

    // Three levels: a tenth of the projects at the top, three tenths below them, the rest below those.
    int top = Math.max(1, projects / 10);
    int middle = Math.max(1, projects * 3 / 10);
    String[] domainOf = new String[projects];
    for (int p = 0; p < projects; p++) {
      String parent;
      if (p < top) {
        domainOf[p] = "d" + (p % domains);
        parent = "";
      } else if (p < top + middle) {
        int parentIndex = random.nextInt(top);
        domainOf[p] = domainOf[parentIndex];
        parent = "p" + parentIndex;
      } else {
        int parentIndex = top + random.nextInt(middle);
        domainOf[p] = domainOf[parentIndex];
        parent = "p" + parentIndex;
      }
      projectIds.add("p" + p);
      rows.append("p").append(p).append(",project-").append(p).append(',').append(domainOf[p]).append(',')
          .append(parent).append(",t\n");
    }
    copy(copy, "projects (id, name, domain_id, parent_id, enabled)", rows);

    for (int u = 0; u < users; u++) {
      rows.append("u").append(u).append(",user-").append(u).append(",d").append(u % domains).append(",t\n");
    }
    copy(copy, "users (id, name, domain_id, enabled)", rows);

    for (int g = 0; g < groups; g++) {
      rows.append("g").append(g).append(",group-").append(g).append(",d").append(g % domains).append('\n');
    }
    copy(copy, "groups (id, name, domain_id)", rows);

    // Every user in about three groups.
    Set<Long> members = new HashSet<>();
    for (int u = 0; u < users; u++) {
      for (int k = 0; k < 3; k++) {
        int g = random.nextInt(groups);
        if (members.add((long) g * users + u)) {
          rows.append('g').append(g).append(",u").append(u).append('\n');
        }
      }
    }
    copy(copy, "group_members (group_id, user_id)", rows);

    for (int r = 0; r < roles; r++) {
      rows.append("r").append(r).append(",role-").append(r).append('\n');
    }
    copy(copy, "roles (id, name)", rows);

    // Implications only towards higher numbers: acyclic, as the store guarantees. A third of
    // the roles imply one other, so chains of a few steps appear (admin => member => reader).
    for (int r = 0; r < roles - 1; r++) {
      if (random.nextInt(3) == 0) {
        int to = r + 1 + random.nextInt(Math.min(5, roles - r - 1));
        rows.append('r').append(r).append(",r").append(to).append('\n');
      }
    }
    copy(copy, "implied_roles (prior_role_id, implied_role_id)", rows);

    Set<String> seen = new HashSet<>();
    int written = 0;
    while (written < assignments) {
      int kind = random.nextInt(100);
      String role = "r" + random.nextInt(roles);
      String line;
      if (kind < 70) {
        line = "user,u" + random.nextInt(users) + ",project," + projectIds.get(random.nextInt(projects)) + "," + role + ",f";
      } else if (kind < 85) {
        line = "group,g" + random.nextInt(groups) + ",project," + projectIds.get(random.nextInt(projects)) + "," + role + ",f";
      } else if (kind < 92) {
        String actor = random.nextBoolean() ? "user,u" + random.nextInt(users) : "group,g" + random.nextInt(groups);
        line = actor + ",project,p" + random.nextInt(top + middle) + "," + role + ",t";
      } else if (kind < 99) {
        String actor = random.nextBoolean() ? "user,u" + random.nextInt(users) : "group,g" + random.nextInt(groups);
        line = actor + ",domain,d" + random.nextInt(domains) + "," + role + "," + (random.nextBoolean() ? "t" : "f");
      } else {
        line = "user,u" + random.nextInt(users) + ",system,all," + role + ",f";
      }
      if (seen.add(line)) {
        rows.append(line).append('\n');
        written++;
      }
    }
    copy(copy, "assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)", rows);

    try (Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE");
    }
    connection.commit();
  }

  private static void copy(CopyManager copy, String table, StringBuilder rows) throws SQLException, IOException {
    copy.copyIn("COPY " + table + " FROM STDIN WITH (FORMAT csv, NULL '')", new StringReader(rows.toString()));
    rows.setLength(0);
  }
}
