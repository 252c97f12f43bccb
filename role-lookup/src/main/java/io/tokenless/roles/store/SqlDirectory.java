package io.tokenless.roles.store;

import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.resolve.Directory;
import java.util.Optional;

/** {@link Directory} answered by PostgreSQL, one statement per question. */
public final class SqlDirectory implements Directory {
  private final Database db;

  private SqlDirectory(Database db) {
    this.db = db;
  }

  public static SqlDirectory over(RoleStore store) {
    return new SqlDirectory(store.database());
  }

  @Override
  public Optional<String> userIdByPrincipal(PrincipalKind kind, String value) {
    return db.read(h -> h.createQuery("SELECT user_id FROM principals WHERE kind = :kind AND value = :value")
        .bind("kind", kind.key())
        .bind("value", value)
        .mapTo(String.class)
        .findOne());
  }

  @Override
  public Optional<String> domainId(String idOrName) {
    // An id wins over a name, as Keystone's clients try the id first.
    return db.read(h -> h.createQuery("""
            SELECT id FROM domains WHERE id = :key OR name = :key
            ORDER BY (id = :key) DESC LIMIT 1""")
        .bind("key", idOrName)
        .mapTo(String.class)
        .findOne());
  }

  @Override
  public Optional<String> projectIdByName(String domainIdOrName, String projectName) {
    return db.read(h -> h.createQuery("""
            SELECT p.id FROM projects p JOIN domains d ON d.id = p.domain_id
            WHERE p.name = :name AND (d.id = :domain OR d.name = :domain)
            ORDER BY (d.id = :domain) DESC LIMIT 1""")
        .bind("name", projectName)
        .bind("domain", domainIdOrName)
        .mapTo(String.class)
        .findOne());
  }

}
