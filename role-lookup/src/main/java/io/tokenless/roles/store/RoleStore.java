package io.tokenless.roles.store;

import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The role model in PostgreSQL: entry point to the stores of each kind of object. Every write
 * runs in its own transaction, increments the revision and, on commit, sends a notification on
 * {@link #NOTIFY_CHANNEL} whose payload is {@code "<revision> <what changed>"} (for example
 * {@code "42 assignment"}), which caches on every node listen to.
 *
 * <p>The schema must have been migrated ({@link Migrations#migrate(DataSource)}). Methods throw
 * {@code NotFoundException}, {@code ConflictException}, {@code BadRequestException},
 * {@code ForbiddenException} as Keystone would answer, and {@code UnavailableException} when
 * PostgreSQL cannot be reached.
 */
public final class RoleStore {
  /** The PostgreSQL notification channel every write announces itself on. */
  public static final String NOTIFY_CHANNEL = "tokenless_roles";

  /**
   * Options of the store.
   *
   * @param bcryptCost              cost of new password hashes (Keystone's default is 12)
   * @param prohibitedImpliedRoles  role names that may not be implied (Keystone's
   *                                {@code [assignment] prohibited_implied_role}, default admin)
   */
  public record Options(int bcryptCost, Set<String> prohibitedImpliedRoles) {
    public Options {
      prohibitedImpliedRoles = Set.copyOf(prohibitedImpliedRoles);
    }

    public static Options defaults() {
      return new Options(PasswordHasher.DEFAULT_COST, Set.of("admin"));
    }
  }

  private final Database db;
  private final DomainStore domains;
  private final ProjectStore projects;
  private final UserStore users;
  private final GroupStore groups;
  private final RoleDefinitionStore roles;
  private final AssignmentStore assignments;
  private final TrustStore trusts;
  private final ApplicationCredentialStore applicationCredentials;

  private RoleStore(Jdbi jdbi, Options options) {
    this.db = new Database(jdbi);
    this.domains = new DomainStore(db);
    this.projects = new ProjectStore(db);
    PasswordHasher hasher = new PasswordHasher(options.bcryptCost());
    this.users = new UserStore(db, hasher);
    this.groups = new GroupStore(db);
    this.roles = new RoleDefinitionStore(db, options.prohibitedImpliedRoles());
    this.assignments = new AssignmentStore(db);
    this.trusts = new TrustStore(db);
    this.applicationCredentials = new ApplicationCredentialStore(db, hasher);
  }

  /** A store on {@code dataSource} (usually pooled: {@link DataSources#pooled}). */
  public static RoleStore create(DataSource dataSource, Options options) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new RoleStore(jdbi(dataSource), options);
  }

  public static RoleStore create(DataSource dataSource) {
    return create(dataSource, Options.defaults());
  }

  /** The Jdbi instance used for the role model, configured for PostgreSQL. */
  static Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
  }

  public DomainStore domains() {
    return domains;
  }

  public ProjectStore projects() {
    return projects;
  }

  public UserStore users() {
    return users;
  }

  public GroupStore groups() {
    return groups;
  }

  public RoleDefinitionStore roles() {
    return roles;
  }

  public AssignmentStore assignments() {
    return assignments;
  }

  /** Trusts: delegations of roles on a project from one user to another. */
  public TrustStore trusts() {
    return trusts;
  }

  /** Application credentials: delegations of roles on a project from a user to a secret. */
  public ApplicationCredentialStore applicationCredentials() {
    return applicationCredentials;
  }

  /**
   * Calls {@code listener} with the revision of every write of this store, right after it
   * committed: a cache on the writing node can drop what it knows before the write's caller
   * reads again, instead of waiting for the notification.
   */
  public void onCommit(java.util.function.LongConsumer listener) {
    db.onCommit(listener);
  }

  /** The current revision: the number of writes committed so far. */
  public long revision() {
    return db.revision();
  }

  Database database() {
    return db;
  }
}
