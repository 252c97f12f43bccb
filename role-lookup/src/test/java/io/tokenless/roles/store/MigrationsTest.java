package io.tokenless.roles.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MigrationsTest {
  private static final String SERVER = "classpath:db/migration/testserver";

  @Test
  void roleMigrations_applyAfterServerMigrations_inOneHistory_andOnlyOnce(TestDatabase database) {
    try (HikariDataSource pool = DataSources.pooled(new DataSources.PoolSettings(database.jdbcUrl(), database.user(),
        database.password(), 2, Duration.ofSeconds(2)))) {
      assertThat(Migrations.migrate(pool, SERVER)).isEqualTo(1);

      assertThat(Migrations.migrate(pool, Migrations.LOCATION, SERVER)).isPositive();
      assertThat(Migrations.migrate(pool, Migrations.LOCATION, SERVER)).isZero();

      assertThat(RoleStore.create(pool).revision()).isZero();
    }
  }
}
