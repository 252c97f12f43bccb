package io.tokenless.demo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.store.DataSources;
import io.tokenless.roles.store.Migrations;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Loads a small generated data set into a migrated database, as {@code client-demo dataset}
 * does, with a server's invalidation listener connected, and reads it back through the role
 * store and the SQL role lookup the server uses.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetLoaderTest {
  private static final DatasetShape SMALL = new DatasetShape(2, 40, 8, 3, 20, 12, 1000);

  private HikariDataSource dataSource;
  private RoleStore store;
  private RoleDataset data;
  private ServiceCaller caller;
  private DatasetLoader.Loaded loaded;
  private long revisionBefore;
  private List<PGNotification> heard;

  @BeforeAll
  void load(TestDatabase database) throws SQLException, InterruptedException {
    dataSource = DataSources.pooled(new DataSources.PoolSettings(database.jdbcUrl(), database.user(),
        database.password(), 2, Duration.ofSeconds(2)));
    Migrations.migrate(dataSource);
    store = RoleStore.create(dataSource);
    revisionBefore = store.revision();
    data = RoleDataset.generate(SMALL, 7);
    caller = new ServiceCaller("ds-lookup-service", RoleDataset.hexId(new java.util.Random(1)),
        RoleDataset.hexId(new java.util.Random(2)), RoleDataset.hexId(new java.util.Random(3)), Optional.empty(),
        List.of(new ServiceCaller.Binding("kerberos", "svc@EXAMPLE.COM")));
    try (Connection listener = database.connect(); Connection writer = database.connect()) {
      try (Statement listen = listener.createStatement()) {
        listen.execute("LISTEN " + RoleStore.NOTIFY_CHANNEL);
      }
      loaded = new DatasetLoader(writer).load(data, caller);
      heard = List.of(listener.unwrap(PGConnection.class).getNotifications(5_000));
    }
  }

  @AfterAll
  void close() {
    dataSource.close();
  }

  @Test
  void everyGeneratedRow_isInTheDatabase_besideTheCaller() throws SQLException {
    assertThat(count("users")).isEqualTo(SMALL.users() + 1);
    assertThat(count("groups")).isEqualTo(SMALL.groups());
    assertThat(count("projects")).isEqualTo(SMALL.projects() + 1);
    assertThat(count("roles")).isEqualTo(SMALL.roles() + 1);
    assertThat(count("assignments")).isEqualTo(SMALL.assignments() + 1);
    assertThat(count("group_members")).isEqualTo(data.memberships.length).isPositive();
    assertThat(count("implied_roles")).isEqualTo(data.implications.length).isPositive();
  }

  @Test
  void ids_lookLikeKeystones() throws SQLException {
    assertThat(count("users WHERE id !~ '^[0-9a-f]{32}$'")).isZero();
    assertThat(count("projects WHERE id !~ '^[0-9a-f]{32}$'")).isZero();
    assertThat(count("assignments WHERE actor_id !~ '^[0-9a-f]{32}$'")).isZero();
  }

  @Test
  void assignments_coverEveryKindOfGrant() throws SQLException {
    assertThat(count("assignments WHERE actor_type = 'group' AND target_type = 'project'")).isPositive();
    assertThat(count("assignments WHERE target_type = 'project' AND inherited")).isPositive();
    assertThat(count("assignments WHERE target_type = 'domain'")).isPositive();
    assertThat(count("assignments WHERE target_type = 'system'")).isPositive();
  }

  @Test
  void projects_formThreeLevelsUnderTheirDomains() throws SQLException {
    // A leaf's grandparent is at the top: no project has three ancestors.
    assertThat(count("projects a JOIN projects b ON b.id = a.parent_id JOIN projects c ON c.id = b.parent_id"
        + " WHERE c.parent_id IS NOT NULL")).isZero();
    assertThat(count("projects a JOIN projects b ON b.id = a.parent_id JOIN projects c ON c.id = b.parent_id"))
        .isPositive();
    assertThat(count("projects a JOIN projects b ON b.id = a.parent_id WHERE a.domain_id <> b.domain_id")).isZero();
  }

  @Test
  void load_isOneWrite_announcedToListeningServers() {
    assertThat(loaded.revision()).isEqualTo(revisionBefore + 1);
    assertThat(store.revision()).isEqualTo(loaded.revision());
    assertThat(heard).extracting(PGNotification::getParameter).containsExactly(loaded.revision() + " dataset");
  }

  @Test
  void caller_isFoundByItsPrincipal_andHoldsServiceOnItsProject() {
    assertThat(store.users().findUserByPrincipal(PrincipalKind.KERBEROS, "svc@EXAMPLE.COM"))
        .hasValueSatisfying(user -> {
          assertThat(user.id()).isEqualTo(caller.userId());
          assertThat(user.defaultProjectId()).isEqualTo(caller.projectId());
        });
    assertThat(SqlRoleLookup.over(store).effectiveRoles(caller.userId(), Scope.project(caller.projectId())).roles())
        .extracting(RoleRef::name).containsExactly("service");
  }

  @Test
  void sameSeed_drawsTheSameDataSet_anotherSeedAnother() {
    RoleDataset again = RoleDataset.generate(SMALL, 7);
    RoleDataset other = RoleDataset.generate(SMALL, 8);

    assertThat(again.userIds).isEqualTo(data.userIds);
    assertThat(again.assignments).isEqualTo(data.assignments);
    assertThat(other.userIds).isNotEqualTo(data.userIds);
  }

  private long count(String fromWhere) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + fromWhere)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
