package io.tokenless.roles.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.roles.model.Scope;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class BootstrapTest {
  private static Fixture f;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void bootstrap_makesAnAdminWithEveryDefaultRole_andRunsTwiceWithoutChange() {
    Bootstrap.Result first = Bootstrap.run(f.store, "admin", "admin", "s3cret".toCharArray());
    Bootstrap.Result second = Bootstrap.run(f.store, "admin", "admin", null);

    assertThat(second).isEqualTo(first);
    assertThat(first.domain().id()).isEqualTo("default");
    SqlRoleLookup lookup = SqlRoleLookup.over(f.store);
    assertThat(lookup.effectiveRoles(first.adminUser().id(), Scope.project(first.adminProject().id())).roleNames())
        .containsExactly("admin", "member", "reader");
    assertThat(lookup.effectiveRoles(first.adminUser().id(), Scope.system()).roleNames())
        .containsExactly("admin", "member", "reader");
    assertThat(f.store.users().verifyPassword(first.adminUser().id(), "s3cret".toCharArray())).isTrue();
  }
}
