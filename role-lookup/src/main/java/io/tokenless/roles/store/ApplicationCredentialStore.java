package io.tokenless.roles.store;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Application credentials and their roles. Secret hashes never leave this class: callers store a
 * secret (or an imported bcrypt hash) and ask whether one matches. Writes are role-model writes
 * (revision bump and notification), so a deleted credential stops validating on every node.
 *
 * <p>Keystone also deletes credentials when their user is disabled or deleted, or loses a role
 * on their project; the user and assignment stores do that in the same transaction
 * ({@link #deleteForUser}, {@link #deleteForUserOnProject}).
 */
public final class ApplicationCredentialStore {
  private static final String COLUMNS = """
      c.id, c.name, c.user_id, c.project_id, c.description, c.expires_at, c.unrestricted,
      c.access_rules::text AS access_rules,
      ARRAY(SELECT r.role_id FROM application_credential_roles r
            WHERE r.application_credential_id = c.id ORDER BY r.position) AS role_ids""";

  private final Database db;
  private final PasswordHasher hasher;

  ApplicationCredentialStore(Database db, PasswordHasher hasher) {
    this.db = db;
    this.hasher = hasher;
  }

  /** Creates the credential with {@code secret} hashed (bcrypt, as Keystone). */
  public ApplicationCredential create(ApplicationCredential credential, char[] secret) {
    if (secret == null || secret.length == 0) {
      throw new BadRequestException("an application credential needs a secret");
    }
    return createWithHash(credential, hasher.hash(secret));
  }

  /**
   * Creates the credential with a hash made elsewhere (Keystone's {@code $2b$} hash, imported as
   * is). A credential without roles is a 400; unknown user, project or role a 404; an id or a
   * name of the same user already taken a 409.
   */
  public ApplicationCredential createWithHash(ApplicationCredential credential, String secretHash) {
    if (credential.roleIds().isEmpty()) {
      throw new BadRequestException("an application credential carries at least one role");
    }
    if (secretHash == null || secretHash.isBlank()) {
      throw new BadRequestException("an application credential needs a secret hash");
    }
    db.writeVoid("application_credential", h -> {
      UserStore.require(h, credential.userId());
      ProjectStore.require(h, credential.projectId());
      h.createUpdate("""
              INSERT INTO application_credentials (id, name, user_id, project_id, secret_hash, description,
                expires_at, unrestricted, access_rules)
              VALUES (:id, :name, :userId, :projectId, :hash, :description, :expiresAt, :unrestricted,
                CAST(:accessRules AS jsonb))""")
          .bind("id", credential.id())
          .bind("name", credential.name())
          .bind("userId", credential.userId())
          .bind("projectId", credential.projectId())
          .bind("hash", secretHash)
          .bind("description", credential.description())
          .bind("expiresAt", Times.utc(credential.expiresAt()))
          .bind("unrestricted", credential.unrestricted())
          .bind("accessRules", credential.accessRulesJson())
          .execute();
      int position = 0;
      for (String roleId : credential.roleIds()) {
        RoleDefinitionStore.require(h, roleId);
        h.createUpdate("""
                INSERT INTO application_credential_roles (application_credential_id, role_id, position)
                VALUES (:credential, :role, :position) ON CONFLICT DO NOTHING""")
            .bind("credential", credential.id())
            .bind("role", roleId)
            .bind("position", position++)
            .execute();
      }
    });
    return credential;
  }

  public Optional<ApplicationCredential> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM application_credentials c WHERE c.id = :id")
        .bind("id", id)
        .map((rs, ctx) -> credential(rs))
        .findOne());
  }

  /** A credential by name among one user's credentials (names are unique per user). */
  public Optional<ApplicationCredential> findByName(String userId, String name) {
    if (!Ids.plausible(userId)) {
      return Optional.empty();
    }
    return db.read(h -> h.createQuery(
            "SELECT " + COLUMNS + " FROM application_credentials c WHERE c.user_id = :userId AND c.name = :name")
        .bind("userId", userId)
        .bind("name", name)
        .map((rs, ctx) -> credential(rs))
        .findOne());
  }

  /**
   * Whether {@code secret} is the secret of credential {@code id}. An unknown credential and a
   * wrong secret both answer {@code false} after the same bcrypt work. Expiry is not checked here.
   */
  public boolean verifySecret(String id, char[] secret) {
    Optional<String> hash = Ids.plausible(id)
        ? db.read(h -> h.createQuery("SELECT secret_hash FROM application_credentials WHERE id = :id")
            .bind("id", id)
            .mapTo(String.class)
            .findOne())
        : Optional.empty();
    if (hash.isEmpty()) {
      hasher.dummyCheck(secret);
      return false;
    }
    return hasher.verify(secret, hash.get());
  }

  /** Deletes the credential; an unknown one is a 404. */
  public void delete(String id) {
    db.writeVoid("application_credential", h -> {
      int rows = h.createUpdate("DELETE FROM application_credentials WHERE id = :id").bind("id", id).execute();
      if (rows == 0) {
        throw new NotFoundException("could not find application credential: " + id);
      }
    });
  }

  /** Keystone, on a user being disabled: the user's credentials go. Part of the caller's write. */
  static void deleteForUser(Handle h, String userId) {
    h.createUpdate("DELETE FROM application_credentials WHERE user_id = :userId").bind("userId", userId).execute();
  }

  /**
   * Keystone, on a user losing a role assignment on a project: the user's credentials on that
   * project go, whatever roles they carry. Part of the caller's write.
   */
  static void deleteForUserOnProject(Handle h, String userId, String projectId) {
    h.createUpdate("DELETE FROM application_credentials WHERE user_id = :userId AND project_id = :projectId")
        .bind("userId", userId)
        .bind("projectId", projectId)
        .execute();
  }

  private static ApplicationCredential credential(ResultSet rs) throws SQLException {
    List<String> roleIds = TrustStore.strings(rs.getArray("role_ids"));
    return new ApplicationCredential(rs.getString("id"), rs.getString("name"), rs.getString("user_id"),
        rs.getString("project_id"), rs.getString("description"), Times.read(rs, "expires_at"),
        rs.getBoolean("unrestricted"), roleIds, rs.getString("access_rules"));
  }
}
