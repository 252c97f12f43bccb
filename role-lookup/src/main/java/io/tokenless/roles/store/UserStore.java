package io.tokenless.roles.store;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.model.User;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Users, their passwords and the external principals (Kerberos, X.509) bound to them. Password
 * hashes never leave this class: callers set a password and ask whether one matches.
 */
public final class UserStore {
  private final Database db;
  private final PasswordHasher hasher;

  UserStore(Database db, PasswordHasher hasher) {
    this.db = db;
    this.hasher = hasher;
  }

  /** Creates the user, with {@code password} hashed when not {@code null}. */
  public User create(User user, char[] password) {
    String hash = password == null ? null : hasher.hash(password);
    return createWithHash(user, hash);
  }

  /**
   * Creates the user with a hash made elsewhere: a Keystone {@code $2b$} hash imported as is, or
   * {@code null} for a user without a password (Kerberos and certificate users need none).
   */
  public User createWithHash(User user, String passwordHash) {
    db.writeVoid("user", h -> {
      DomainStore.require(h, user.domainId());
      h.createUpdate("""
              INSERT INTO users (id, name, domain_id, enabled, default_project_id, description, password_hash, extra)
              VALUES (:id, :name, :domainId, :enabled, :defaultProjectId, :description, :hash, CAST(:extraJson AS jsonb))""")
          .bindMethods(user)
          .bind("hash", passwordHash)
          .execute();
    });
    return user;
  }

  public Optional<User> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  public User get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  public Optional<User> findByName(String domainId, String name) {
    return db.read(h -> h.createQuery(
            "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE domain_id = :domainId AND name = :name")
        .bind("domainId", domainId)
        .bind("name", name)
        .map(Rows.USER)
        .findOne());
  }

  /** Users sorted by name; each non-null argument filters. */
  public List<User> list(String domainId, String name, Boolean enabled) {
    return db.read(h -> h.createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users"
            + " WHERE (CAST(:domainId AS text) IS NULL OR domain_id = :domainId)"
            + " AND (CAST(:name AS text) IS NULL OR name = :name)"
            + " AND (CAST(:enabled AS boolean) IS NULL OR enabled = :enabled) ORDER BY name, id")
        .bind("domainId", domainId)
        .bind("name", name)
        .bind("enabled", enabled)
        .map(Rows.USER)
        .list());
  }

  /**
   * Replaces everything but id and domain (a user cannot change domain: 400). Disabling a user
   * deletes its application credentials, as Keystone does.
   */
  public User update(User user) {
    db.writeVoid("user", h -> {
      User current = require(h, user.id());
      if (!current.domainId().equals(user.domainId())) {
        throw new io.tokenless.error.BadRequestException("a user cannot move to another domain");
      }
      if (current.enabled() && !user.enabled()) {
        ApplicationCredentialStore.deleteForUser(h, user.id());
      }
      h.createUpdate("""
              UPDATE users SET name = :name, enabled = :enabled, default_project_id = :defaultProjectId,
                description = :description, extra = CAST(:extraJson AS jsonb)
              WHERE id = :id""")
          .bindMethods(user)
          .execute();
    });
    return user;
  }

  /**
   * Deletes the user with its memberships, principals, assignments, trusts (as trustor or
   * trustee) and application credentials.
   */
  public void delete(String id) {
    db.writeVoid("user", h -> {
      require(h, id);
      h.createUpdate("DELETE FROM assignments WHERE actor_type = 'user' AND actor_id = :id").bind("id", id).execute();
      h.createUpdate("DELETE FROM users WHERE id = :id").bind("id", id).execute();
    });
  }

  /** Sets (or with {@code null}, removes) the user's password. */
  public void setPassword(String userId, char[] password) {
    String hash = password == null ? null : hasher.hash(password);
    setPasswordHash(userId, hash);
  }

  /** Stores a hash made elsewhere, e.g. imported from Keystone. */
  public void setPasswordHash(String userId, String hash) {
    db.writeVoid("password", h -> {
      int rows = h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
          .bind("hash", hash)
          .bind("id", userId)
          .execute();
      if (rows == 0) {
        throw notFound(userId);
      }
    });
  }

  /**
   * Whether {@code password} is the password of user {@code userId}. Unknown users, users without
   * a password and wrong passwords all answer {@code false} after the same bcrypt work. Whether
   * the user is enabled is not checked here.
   */
  public boolean verifyPassword(String userId, char[] password) {
    Optional<String> hash = Ids.plausible(userId)
        ? db.read(h -> h.createQuery("SELECT password_hash FROM users WHERE id = :id")
            .bind("id", userId)
            .mapTo(String.class)
            .findOne())
        : Optional.empty();
    if (hash.isEmpty()) {
      hasher.dummyCheck(password);
      return false;
    }
    return hasher.verify(password, hash.get());
  }

  /** Binds {@code principal} to the user; a principal already bound (to anyone) is a 409. */
  public void bindPrincipal(String userId, Principal principal) {
    db.writeVoid("principal", h -> {
      require(h, userId);
      h.createUpdate("INSERT INTO principals (kind, value, user_id) VALUES (:kind, :value, :userId)")
          .bind("kind", principal.kind().key())
          .bind("value", principal.value())
          .bind("userId", userId)
          .execute();
    });
  }

  /** Removes a binding; a principal not bound to this user is a 404. */
  public void unbindPrincipal(String userId, Principal principal) {
    db.writeVoid("principal", h -> {
      int rows = h.createUpdate("DELETE FROM principals WHERE kind = :kind AND value = :value AND user_id = :userId")
          .bind("kind", principal.kind().key())
          .bind("value", principal.value())
          .bind("userId", userId)
          .execute();
      if (rows == 0) {
        throw new NotFoundException("principal is not bound to user " + userId);
      }
    });
  }

  /** The user a principal is bound to, if any. */
  public Optional<User> findUserByPrincipal(PrincipalKind kind, String value) {
    return db.read(h -> h.createQuery("SELECT " + prefixed("u") + " FROM principals p JOIN users u ON u.id = p.user_id"
            + " WHERE p.kind = :kind AND p.value = :value")
        .bind("kind", kind.key())
        .bind("value", value)
        .map(Rows.USER)
        .findOne());
  }

  public List<Principal> principalsOf(String userId) {
    return db.read(h -> h.createQuery("SELECT kind, value FROM principals WHERE user_id = :id ORDER BY kind, value")
        .bind("id", userId)
        .map((rs, ctx) -> new Principal(PrincipalKind.ofKey(rs.getString("kind")), rs.getString("value")))
        .list());
  }

  private static String prefixed(String alias) {
    return "%1$s.id, %1$s.name, %1$s.domain_id, %1$s.enabled, %1$s.default_project_id, %1$s.description, %1$s.extra::text AS extra"
        .formatted(alias);
  }

  static Optional<User> find(Handle h, String id) {
    return h.createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = :id")
        .bind("id", id)
        .map(Rows.USER)
        .findOne();
  }

  static User require(Handle h, String id) {
    if (!Ids.plausible(id)) {
      throw notFound(id);
    }
    return find(h, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find user: " + id);
  }

}
