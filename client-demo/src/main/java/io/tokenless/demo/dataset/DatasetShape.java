package io.tokenless.demo.dataset;

/**
 * How big a generated role data set is. The standard shape is 10,000 users, 1,000 groups (each
 * user in about three), 2,000 projects in three levels under 5 domains, 100 roles and 200,000
 * assignments; {@link #scaled} grows or shrinks users, groups, projects and assignments together,
 * so per-user density stays the same while the tables grow.
 *
 * @param domains          domains the projects, users and groups spread over
 * @param users            users
 * @param groups           groups
 * @param groupsPerUser    group memberships drawn per user (duplicates dropped)
 * @param projects         projects: a tenth at the top of a domain, three tenths below those, the rest leaves
 * @param roles            global roles; about half imply one or two of the next few (a DAG)
 * @param assignments      role assignments of every kind, all distinct
 */
public record DatasetShape(int domains, int users, int groups, int groupsPerUser, int projects, int roles,
    int assignments) {

  public DatasetShape {
    positive("domains", domains);
    positive("users", users);
    positive("groups", groups);
    positive("projects", projects);
    positive("roles", roles);
    if (groupsPerUser < 0 || assignments < 0) {
      throw new IllegalArgumentException("group memberships and assignments must not be negative");
    }
    if (projects < 10) {
      throw new IllegalArgumentException("projects: at least 10 for three levels, got " + projects);
    }
    // The distinct-assignment space must be far larger than what is asked for, or drawing
    // distinct ones would never end.
    long space = (long) (users + groups) * (projects + domains) * roles;
    if (assignments > space / 4) {
      throw new IllegalArgumentException("assignments: " + assignments + " is too many for " + users + " users, "
          + groups + " groups, " + projects + " projects and " + roles + " roles");
    }
  }

  /** 10,000 users, 1,000 groups, 2,000 projects, 5 domains, 100 roles, 200,000 assignments. */
  public static DatasetShape standard() {
    return new DatasetShape(5, 10_000, 1_000, 3, 2_000, 100, 200_000);
  }

  /**
   * The standard shape with users, groups, projects and assignments multiplied by
   * {@code factor} (0.1 gives 20,000 assignments, 10 gives 2,000,000); domains and roles stay.
   */
  public static DatasetShape scaled(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("--scale: must be more than 0");
    }
    DatasetShape s = standard();
    return new DatasetShape(s.domains, times(s.users, factor), times(s.groups, factor), s.groupsPerUser,
        Math.max(10, times(s.projects, factor)), s.roles, times(s.assignments, factor));
  }

  private static int times(int n, double factor) {
    return (int) Math.max(1, Math.round(n * factor));
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + ": must be at least 1, got " + value);
    }
  }
}
