package io.tokenless.microbench.roles;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * A small Keystone-shaped data set, the same for every run (fixed seed): 3 domains, 100 projects
 * in three levels, 500 users in about three of 50 groups each, 20 roles of which about a third
 * imply another, and 5,000 assignments (user and group, project and domain, some inherited).
 * Ids are short ({@code u12}, {@code p34}) and the direct user-on-project grants are kept, so the
 * benchmark can ask questions that have an answer.
 */
final class RoleData {
  static final int DOMAINS = 3;
  static final int PROJECTS = 100;
  static final int USERS = 500;
  static final int GROUPS = 50;
  static final int ROLES = 20;
  static final int ASSIGNMENTS = 5_000;

  /** {@code {userId, projectId}} of every direct, non-inherited user grant on a project. */
  final List<String[]> userProjectGrants = new ArrayList<>();

  /** Writes the data set into an empty, migrated schema in one transaction. */
  void load(Connection connection, Random random) throws SQLException, IOException {
    connection.setAutoCommit(false);
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    StringBuilder rows = new StringBuilder();

    for (int d = 0; d < DOMAINS; d++) {
      rows.append('d').append(d).append(",domain-").append(d).append('\n');
    }
    copy(copy, "domains (id, name)", rows);

    // A tenth at the top of a domain, three tenths below those, the rest below the middle level.
    int top = PROJECTS / 10;
    int middle = PROJECTS * 3 / 10;
    String[] domainOf = new String[PROJECTS];
    for (int p = 0; p < PROJECTS; p++) {
      int parent = p < top ? -1 : p < top + middle ? random.nextInt(top) : top + random.nextInt(middle);
      domainOf[p] = parent < 0 ? "d" + p % DOMAINS : domainOf[parent];
      rows.append('p').append(p).append(",project-").append(p).append(',').append(domainOf[p]).append(',')
          .append(parent < 0 ? "" : "p" + parent).append('\n');
    }
    copy(copy, "projects (id, name, domain_id, parent_id)", rows);

    for (int u = 0; u < USERS; u++) {
      rows.append('u').append(u).append(",user-").append(u).append(",d").append(u % DOMAINS).append('\n');
    }
    copy(copy, "users (id, name, domain_id)", rows);

    for (int g = 0; g < GROUPS; g++) {
      rows.append('g').append(g).append(",group-").append(g).append(",d").append(g % DOMAINS).append('\n');
    }
    copy(copy, "groups (id, name, domain_id)", rows);

    Set<String> members = new LinkedHashSet<>();
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < 3; k++) {
        members.add("g" + random.nextInt(GROUPS) + ",u" + u);
      }
    }
    members.forEach(line -> rows.append(line).append('\n'));
    copy(copy, "group_members (group_id, user_id)", rows);

    for (int r = 0; r < ROLES; r++) {
      rows.append('r').append(r).append(",role-").append(r).append('\n');
    }
    copy(copy, "roles (id, name)", rows);

    // Only towards higher numbers, so the implications stay acyclic as the store requires.
    for (int r = 0; r < ROLES - 1; r++) {
      if (random.nextInt(3) == 0) {
        rows.append('r').append(r).append(",r").append(r + 1 + random.nextInt(Math.min(3, ROLES - r - 1))).append('\n');
      }
    }
    copy(copy, "implied_roles (prior_role_id, implied_role_id)", rows);

    Set<String> assignments = new LinkedHashSet<>();
    while (assignments.size() < ASSIGNMENTS) {
      int kind = random.nextInt(100);
      String role = "r" + random.nextInt(ROLES);
      String user = "u" + random.nextInt(USERS);
      String group = "g" + random.nextInt(GROUPS);
      String line;
      if (kind < 70) {
        String project = "p" + random.nextInt(PROJECTS);
        line = "user," + user + ",project," + project + "," + role + ",f";
        if (!assignments.contains(line)) {
          userProjectGrants.add(new String[] {user, project});
        }
      } else if (kind < 85) {
        line = "group," + group + ",project,p" + random.nextInt(PROJECTS) + "," + role + ",f";
      } else if (kind < 93) {
        String actor = random.nextBoolean() ? "user," + user : "group," + group;
        line = actor + ",project,p" + random.nextInt(top + middle) + "," + role + ",t";
      } else {
        String actor = random.nextBoolean() ? "user," + user : "group," + group;
        line = actor + ",domain,d" + random.nextInt(DOMAINS) + "," + role + "," + (random.nextBoolean() ? "t" : "f");
      }
      assignments.add(line);
    }
    assignments.forEach(line -> rows.append(line).append('\n'));
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
