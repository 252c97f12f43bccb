package io.tokenless.roles.store;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Trust;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Trusts (Keystone's OS-TRUST) and their roles. Writes are role-model writes: each bumps the
 * revision and is announced, so whatever a node remembers about a trust is dropped when it
 * changes. Deleting is soft, as in Keystone, and takes the trusts re-delegated from it along.
 */
public final class TrustStore {
  private static final String COLUMNS = """
      t.id, t.trustor_user_id, t.trustee_user_id, t.project_id, t.impersonation, t.expires_at,
      t.remaining_uses, t.redelegated_trust_id, t.redelegation_count, t.deleted_at,
      ARRAY(SELECT r.role_id FROM trust_roles r WHERE r.trust_id = t.id ORDER BY r.role_id) AS role_ids""";

  private final Database db;

  TrustStore(Database db) {
    this.db = db;
  }

  /**
   * Stores the trust with its id (Keystone's, when imported). A trust without roles is a 400,
   * unknown users, project or roles a 404, an id already taken a 409.
   */
  public Trust create(Trust trust) {
    if (trust.roleIds().isEmpty()) {
      throw new BadRequestException("a trust delegates at least one role");
    }
    db.writeVoid("trust", h -> {
      UserStore.require(h, trust.trustorUserId());
      UserStore.require(h, trust.trusteeUserId());
      ProjectStore.require(h, trust.projectId());
      h.createUpdate("""
              INSERT INTO trusts (id, trustor_user_id, trustee_user_id, project_id, impersonation, expires_at,
                remaining_uses, redelegated_trust_id, redelegation_count, deleted_at)
              VALUES (:id, :trustor, :trustee, :project, :impersonation, :expiresAt, :remainingUses,
                :redelegatedTrustId, :redelegationCount, :deletedAt)""")
          .bind("id", trust.id())
          .bind("trustor", trust.trustorUserId())
          .bind("trustee", trust.trusteeUserId())
          .bind("project", trust.projectId())
          .bind("impersonation", trust.impersonation())
          .bind("expiresAt", Times.utc(trust.expiresAt()))
          .bind("remainingUses", trust.remainingUses())
          .bind("redelegatedTrustId", trust.redelegatedTrustId())
          .bind("redelegationCount", trust.redelegationCount())
          .bind("deletedAt", Times.utc(trust.deletedAt()))
          .execute();
      for (String roleId : trust.roleIds()) {
        RoleDefinitionStore.require(h, roleId);
        h.createUpdate("INSERT INTO trust_roles (trust_id, role_id) VALUES (:trust, :role) ON CONFLICT DO NOTHING")
            .bind("trust", trust.id())
            .bind("role", roleId)
            .execute();
      }
    });
    return trust;
  }

  /** The trust as stored, deleted or used up or expired ones included: callers decide. */
  public Optional<Trust> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  /**
   * Deletes the trust and every trust re-delegated from it, as Keystone does; an unknown or
   * already deleted trust is a 404.
   */
  public void delete(String id, Instant now) {
    db.writeVoid("trust", h -> {
      int rows = h.createUpdate("""
              WITH RECURSIVE chain(id) AS (
                SELECT id FROM trusts WHERE id = :id AND deleted_at IS NULL
                UNION
                SELECT t.id FROM trusts t JOIN chain c ON t.redelegated_trust_id = c.id WHERE t.deleted_at IS NULL
              )
              UPDATE trusts SET deleted_at = :now WHERE id IN (SELECT id FROM chain)""")
          .bind("id", id)
          .bind("now", Times.utc(now))
          .execute();
      if (rows == 0) {
        throw notFound(id);
      }
    });
  }

  /**
   * Uses one of the remaining uses of a trust with a limit, as issuing a token from it does.
   * Answers {@code false} when the trust is deleted, gone, used up or has no limit (callers skip
   * unlimited trusts: a write makes every node drop what it remembers). Two concurrent issues
   * cannot both take the last use: the update checks and decrements in one statement.
   */
  public boolean consumeUse(String id) {
    return db.write("trust", h -> h.createUpdate("""
            UPDATE trusts SET remaining_uses = remaining_uses - 1
            WHERE id = :id AND deleted_at IS NULL AND remaining_uses > 0""")
        .bind("id", id)
        .execute() == 1);
  }

  static Optional<Trust> find(Handle h, String id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM trusts t WHERE t.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> trust(rs))
        .findOne();
  }

  private static Trust trust(ResultSet rs) throws SQLException {
    return new Trust(rs.getString("id"), rs.getString("trustor_user_id"), rs.getString("trustee_user_id"),
        rs.getString("project_id"), rs.getBoolean("impersonation"), Times.read(rs, "expires_at"),
        (Integer) rs.getObject("remaining_uses"), rs.getString("redelegated_trust_id"),
        (Integer) rs.getObject("redelegation_count"), strings(rs.getArray("role_ids")), Times.read(rs, "deleted_at"));
  }

  static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find trust: " + id);
  }
}
