package io.tokenless.demo.dataset;

import io.tokenless.roles.store.RoleStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes a {@link RoleDataset} (and the caller that will query it) into a migrated Tokenless
 * schema with COPY, in one transaction that also bumps the revision and announces it, as every
 * write of the role store does: servers already running drop their caches when it commits.
 */
public final class DatasetLoader {
  private static final int FLUSH_BYTES = 1 << 16;

  private final Connection connection;

  public DatasetLoader(Connection connection) {
    this.connection = connection;
  }

  /** What was written: the revision the load committed at. */
  public record Loaded(long revision, String callerUserId, String callerProjectId) {}

  /**
   * Loads {@code data} and {@code caller}. The tables may already hold other data (a bootstrap
   * admin, the dev server's demo users); nothing existing is changed except the revision.
   */
  public Loaded load(RoleDataset data, ServiceCaller caller) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      writeDomains(copy, data);
      writeProjects(copy, data);
      writeUsers(copy, data);
      writeGroups(copy, data);
      writeMemberships(copy, data);
      writeRoles(copy, data);
      writeAssignments(copy, data);
      Loaded loaded = writeCaller(data, caller);
      connection.commit();
      try (Statement statement = connection.createStatement()) {
        // Fresh statistics, or the planner guesses from an empty table on the first lookups.
        connection.setAutoCommit(true);
        statement.execute("ANALYZE domains, projects, users, groups, group_members, roles, implied_roles, assignments,"
            + " principals");
      }
      return loaded;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  private static void writeDomains(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy, "domains (id, name, description, enabled)")) {
      for (int d = 0; d < data.domainIds.length; d++) {
        rows.field(data.domainIds[d]).field("ds-domain-" + d).field("generated").last("t");
      }
    }
  }

  private static void writeProjects(CopyManager copy, RoleDataset data) throws SQLException {
    // Parents before children: the foreign key is checked row by row.
    try (Rows rows = new Rows(copy, "projects (id, name, domain_id, parent_id, enabled)")) {
      for (int p = 0; p < data.projectIds.length; p++) {
        int parent = data.projectParent[p];
        rows.field(data.projectIds[p]).field(String.format("ds-project-%07d", p))
            .field(data.domainIds[data.projectDomain[p]]).field(parent < 0 ? null : data.projectIds[parent]).last("t");
      }
    }
  }

  private static void writeUsers(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy, "users (id, name, domain_id, enabled)")) {
      for (int u = 0; u < data.userIds.length; u++) {
        rows.field(data.userIds[u]).field(String.format("ds-user-%07d", u)).field(data.domainIds[data.userDomain[u]])
            .last("t");
      }
    }
  }

  private static void writeGroups(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy, "groups (id, name, domain_id)")) {
      for (int g = 0; g < data.groupIds.length; g++) {
        rows.field(data.groupIds[g]).field(String.format("ds-group-%06d", g)).last(data.domainIds[data.groupDomain[g]]);
      }
    }
  }

  private static void writeMemberships(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy, "group_members (group_id, user_id)")) {
      for (long m : data.memberships) {
        rows.field(data.groupIds[(int) (m >>> 32)]).last(data.userIds[(int) m]);
      }
    }
  }

  private static void writeRoles(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy, "roles (id, name)")) {
      for (int r = 0; r < data.roleIds.length; r++) {
        rows.field(data.roleIds[r]).last(String.format("ds-role-%03d", r));
      }
    }
    try (Rows rows = new Rows(copy, "implied_roles (prior_role_id, implied_role_id)")) {
      for (long i : data.implications) {
        rows.field(data.roleIds[(int) (i >>> 32)]).last(data.roleIds[(int) i]);
      }
    }
  }

  private static void writeAssignments(CopyManager copy, RoleDataset data) throws SQLException {
    try (Rows rows = new Rows(copy,
        "assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)")) {
      for (long a : data.assignments) {
        boolean user = RoleDataset.actorKind(a) == RoleDataset.USER;
        rows.field(user ? "user" : "group")
            .field(user ? data.userIds[RoleDataset.actor(a)] : data.groupIds[RoleDataset.actor(a)]);
        switch (RoleDataset.targetKind(a)) {
          case RoleDataset.PROJECT -> rows.field("project").field(data.projectIds[RoleDataset.target(a)]);
          case RoleDataset.DOMAIN -> rows.field("domain").field(data.domainIds[RoleDataset.target(a)]);
          default -> rows.field("system").field("all");
        }
        rows.field(data.roleIds[RoleDataset.role(a)]).last(RoleDataset.inherited(a) ? "t" : "f");
      }
    }
  }

  /**
   * The caller: a user in the first generated domain with the {@code service} role on its own
   * project (its default project, so a request that names no scope acts there), and the
   * principals it authenticates with. An existing global {@code service} role is reused.
   */
  private Loaded writeCaller(RoleDataset data, ServiceCaller caller) throws SQLException {
    String domainId = data.domainIds[0];
    Optional<String> existing = existingGlobalRole("service");
    String roleId = existing.orElse(caller.serviceRoleId());
    if (existing.isEmpty()) {
      update("INSERT INTO roles (id, name) VALUES (?, 'service')", roleId);
    }
    update("INSERT INTO projects (id, name, domain_id, enabled) VALUES (?, 'ds-services', ?, true)",
        caller.projectId(), domainId);
    update("INSERT INTO users (id, name, domain_id, enabled, default_project_id, password_hash)"
        + " VALUES (?, ?, ?, true, ?, ?)", caller.userId(), caller.userName(), domainId, caller.projectId(),
        caller.passwordHash().orElse(null));
    update("INSERT INTO assignments (actor_type, actor_id, target_type, target_id, role_id, inherited)"
        + " VALUES ('user', ?, 'project', ?, ?, false)", caller.userId(), caller.projectId(), roleId);
    for (ServiceCaller.Binding binding : caller.bindings()) {
      update("INSERT INTO principals (kind, value, user_id) VALUES (?, ?, ?)", binding.kind(), binding.value(),
          caller.userId());
    }
    long revision;
    try (Statement statement = connection.createStatement();
        ResultSet bumped = statement.executeQuery("UPDATE revision SET value = value + 1 RETURNING value")) {
      bumped.next();
      revision = bumped.getLong(1);
    }
    // Delivered on commit only, like every write of the role store.
    try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      notify.setString(1, RoleStore.NOTIFY_CHANNEL);
      notify.setString(2, revision + " dataset");
      notify.execute();
    }
    return new Loaded(revision, caller.userId(), caller.projectId());
  }

  private Optional<String> existingGlobalRole(String name) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT id FROM roles WHERE name = ? AND domain_id IS NULL")) {
      query.setString(1, name);
      try (ResultSet rs = query.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private void update(String sql, String... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int k = 0; k < values.length; k++) {
        statement.setString(k + 1, values[k]);
      }
      statement.executeUpdate();
    }
  }

  /**
   * One COPY in PostgreSQL's text format, fed in 64 KiB pieces so two million rows never sit in
   * memory as text. Generated values hold no tab, newline or backslash, so none is escaped.
   */
  private static final class Rows implements AutoCloseable {
    private final CopyIn in;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 512);

    Rows(CopyManager copy, String table) throws SQLException {
      this.in = copy.copyIn("COPY " + table + " FROM STDIN");
    }

    Rows field(String value) {
      buffer.append(value == null ? "\\N" : value).append('\t');
      return this;
    }

    void last(String value) throws SQLException {
      buffer.append(value).append('\n');
      if (buffer.length() >= FLUSH_BYTES) {
        flush();
      }
    }

    private void flush() throws SQLException {
      byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
      in.writeToCopy(bytes, 0, bytes.length);
      buffer.setLength(0);
    }

    @Override
    public void close() throws SQLException {
      flush();
      in.endCopy();
    }
  }
}
