package io.tokenless.roles.store;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.User;
import io.tokenless.testing.TestDatabase;
import java.time.Duration;
import java.util.Set;

/**
 * A migrated store on a test database, with helpers that create objects with fresh ids. bcrypt
 * runs at its lowest cost so password tests stay fast.
 */
public final class Fixture implements AutoCloseable {
  public final HikariDataSource dataSource;
  public final RoleStore store;

  public Fixture(TestDatabase database) {
    this.dataSource = DataSources.pooled(new DataSources.PoolSettings(database.jdbcUrl(), database.user(),
        database.password(), 4, Duration.ofSeconds(2)));
    Migrations.migrate(dataSource);
    this.store = RoleStore.create(dataSource, new RoleStore.Options(4, Set.of("admin")));
  }

  public Domain domain(String name) {
    return store.domains().create(new Domain(Ids.random(), name, null, true));
  }

  public Project project(Domain domain, String name) {
    return store.projects().create(new Project(Ids.random(), name, domain.id(), null, null, true));
  }

  public Project child(Project parent, String name) {
    return store.projects().create(new Project(Ids.random(), name, parent.domainId(), parent.id(), null, true));
  }

  public User user(Domain domain, String name) {
    return store.users().create(new User(Ids.random(), name, domain.id(), true, null, null, null), null);
  }

  public Group group(Domain domain, String name) {
    return store.groups().create(new Group(Ids.random(), name, domain.id(), null));
  }

  public Role role(String name) {
    return store.roles().create(new Role(Ids.random(), name, null, null));
  }

  public Role domainRole(Domain domain, String name) {
    return store.roles().create(new Role(Ids.random(), name, domain.id(), null));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
