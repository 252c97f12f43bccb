package io.tokenless.demo.dataset;

import java.util.Arrays;
import java.util.Random;

/**
 * A Keystone-shaped role data set drawn from a seed: the same shape and seed always give the
 * same ids, names and rows. Everything is kept as indexes into id arrays (an assignment is one
 * packed {@code long}), so two million assignments fit in a few tens of megabytes and can be
 * checked for duplicates by sorting.
 *
 * <p>Ids are 32 lower-case hex digits like Keystone's; names carry a {@code ds-} prefix so they
 * cannot collide with what a bootstrap or the dev server created.
 */
public final class RoleDataset {
  // Packed assignment: inherited (1 bit) | role (10) | target kind (2) | target (21) | actor kind (1) | actor (21).
  private static final int INDEX_BITS = 21;
  private static final int MAX_INDEX = (1 << INDEX_BITS) - 1;
  private static final int MAX_ROLES = 1 << 10;
  static final int USER = 0;
  static final int GROUP = 1;
  static final int PROJECT = 0;
  static final int DOMAIN = 1;
  static final int SYSTEM = 2;

  final DatasetShape shape;
  final String[] domainIds;
  final String[] userIds;
  final String[] groupIds;
  final String[] projectIds;
  final String[] roleIds;
  final int[] userDomain;
  final int[] groupDomain;
  final int[] projectDomain;
  /** Parent project index, or -1 at the top of a domain. */
  final int[] projectParent;
  /** Group memberships as {@code group << 32 | user}, sorted and distinct. */
  final long[] memberships;
  /** Implications as {@code prior << 32 | implied}, prior always lower than implied: acyclic. */
  final long[] implications;
  /** Packed assignments, distinct, in random order. */
  final long[] assignments;

  private RoleDataset(DatasetShape shape, Random random) {
    if (shape.users() + shape.groups() > MAX_INDEX || shape.projects() > MAX_INDEX || shape.roles() >= MAX_ROLES) {
      throw new IllegalArgumentException("data set too large: at most " + MAX_INDEX + " users and groups, "
          + MAX_INDEX + " projects and " + (MAX_ROLES - 1) + " roles");
    }
    this.shape = shape;
    domainIds = ids(random, shape.domains());
    userIds = ids(random, shape.users());
    groupIds = ids(random, shape.groups());
    projectIds = ids(random, shape.projects());
    roleIds = ids(random, shape.roles());

    userDomain = new int[shape.users()];
    for (int u = 0; u < userDomain.length; u++) {
      userDomain[u] = u % shape.domains();
    }
    groupDomain = new int[shape.groups()];
    for (int g = 0; g < groupDomain.length; g++) {
      groupDomain[g] = g % shape.domains();
    }

    projectDomain = new int[shape.projects()];
    projectParent = new int[shape.projects()];
    int top = topProjects();
    int middle = Math.max(1, shape.projects() * 3 / 10);
    for (int p = 0; p < shape.projects(); p++) {
      if (p < top) {
        projectParent[p] = -1;
        projectDomain[p] = p % shape.domains();
      } else {
        projectParent[p] = p < top + middle ? random.nextInt(top) : top + random.nextInt(middle);
        projectDomain[p] = projectDomain[projectParent[p]];
      }
    }

    long[] members = new long[shape.users() * shape.groupsPerUser()];
    int m = 0;
    for (int u = 0; u < shape.users(); u++) {
      for (int k = 0; k < shape.groupsPerUser(); k++) {
        members[m++] = (long) random.nextInt(shape.groups()) << 32 | u;
      }
    }
    memberships = distinct(members, members.length);

    long[] implied = new long[shape.roles() * 2];
    int i = 0;
    for (int r = 0; r < shape.roles() - 1; r++) {
      if (random.nextBoolean()) {
        int span = Math.min(5, shape.roles() - r - 1);
        int count = 1 + (span > 1 && random.nextInt(4) == 0 ? 1 : 0);
        for (int k = 0; k < count; k++) {
          implied[i++] = (long) r << 32 | (r + 1 + random.nextInt(span));
        }
      }
    }
    implications = distinct(implied, i);
    assignments = drawAssignments(random);
  }

  /** The data set of {@code shape} drawn from {@code seed}. */
  public static RoleDataset generate(DatasetShape shape, long seed) {
    return new RoleDataset(shape, new Random(seed));
  }

  /** Projects at the top of their domain: the first tenth. */
  int topProjects() {
    return Math.max(1, shape.projects() / 10);
  }

  /** Projects above the leaves: only these get project-inherited assignments. */
  int innerProjects() {
    return topProjects() + Math.max(1, shape.projects() * 3 / 10);
  }

  /**
   * Seventy in a hundred user grants on a project, fifteen group grants on a project, seven
   * inherited grants on an inner project, seven on a domain (half of them inherited), one
   * system grant to a user.
   */
  private long[] drawAssignments(Random random) {
    int wanted = shape.assignments();
    long[] drawn = new long[wanted];
    int have = 0;
    while (have < wanted) {
      for (int k = have; k < wanted; k++) {
        drawn[k] = drawOne(random);
      }
      long[] unique = distinct(drawn, wanted);
      System.arraycopy(unique, 0, drawn, 0, unique.length);
      have = unique.length;
    }
    // Sorted by now; a shuffle gives the table a random physical order, as years of grants would.
    for (int k = drawn.length - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      long t = drawn[k];
      drawn[k] = drawn[j];
      drawn[j] = t;
    }
    return drawn;
  }

  private long drawOne(Random random) {
    int kind = random.nextInt(100);
    int role = random.nextInt(shape.roles());
    if (kind < 70) {
      return pack(USER, random.nextInt(shape.users()), PROJECT, random.nextInt(shape.projects()), role, false);
    }
    if (kind < 85) {
      return pack(GROUP, random.nextInt(shape.groups()), PROJECT, random.nextInt(shape.projects()), role, false);
    }
    boolean toUser = random.nextBoolean();
    int actor = toUser ? random.nextInt(shape.users()) : random.nextInt(shape.groups());
    int actorKind = toUser ? USER : GROUP;
    if (kind < 92) {
      return pack(actorKind, actor, PROJECT, random.nextInt(innerProjects()), role, true);
    }
    if (kind < 99) {
      return pack(actorKind, actor, DOMAIN, random.nextInt(shape.domains()), role, random.nextBoolean());
    }
    return pack(USER, random.nextInt(shape.users()), SYSTEM, 0, role, false);
  }

  static long pack(int actorKind, int actor, int targetKind, int target, int role, boolean inherited) {
    return (inherited ? 1L : 0L) << 55 | (long) role << 45 | (long) targetKind << 43 | (long) target << 22
        | (long) actorKind << 21 | actor;
  }

  static int actorKind(long a) {
    return (int) (a >>> 21) & 1;
  }

  static int actor(long a) {
    return (int) a & MAX_INDEX;
  }

  static int targetKind(long a) {
    return (int) (a >>> 43) & 3;
  }

  static int target(long a) {
    return (int) (a >>> 22) & MAX_INDEX;
  }

  static int role(long a) {
    return (int) (a >>> 45) & (MAX_ROLES - 1);
  }

  static boolean inherited(long a) {
    return (a >>> 55 & 1) == 1;
  }

  /** The first {@code length} values, sorted, duplicates removed. */
  private static long[] distinct(long[] values, int length) {
    long[] sorted = Arrays.copyOf(values, length);
    Arrays.sort(sorted);
    int out = 0;
    for (int k = 0; k < sorted.length; k++) {
      if (k == 0 || sorted[k] != sorted[k - 1]) {
        sorted[out++] = sorted[k];
      }
    }
    return Arrays.copyOf(sorted, out);
  }

  private static String[] ids(Random random, int count) {
    String[] ids = new String[count];
    for (int k = 0; k < count; k++) {
      ids[k] = hexId(random);
    }
    return ids;
  }

  /** 128 random bits as 32 hex digits, like {@code uuid4().hex} in Keystone. */
  static String hexId(Random random) {
    char[] out = new char[32];
    for (int half = 0; half < 2; half++) {
      long bits = random.nextLong();
      for (int k = 15; k >= 0; k--) {
        out[half * 16 + k] = Character.forDigit((int) (bits & 0xf), 16);
        bits >>>= 4;
      }
    }
    return new String(out);
  }
}
