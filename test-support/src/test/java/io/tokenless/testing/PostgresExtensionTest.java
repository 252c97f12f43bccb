package io.tokenless.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresExtensionTest {

  @Test
  void injectedDatabase_isEmptyAndWritable(TestDatabase database) throws Exception {
    try (var connection = database.connect(); Statement statement = connection.createStatement()) {
      try (ResultSet tables = statement.executeQuery(
          "select count(*) from information_schema.tables where table_schema = 'public'")) {
        tables.next();
        assertThat(tables.getInt(1)).isZero();
      }
      statement.execute("create table probe (id int primary key)");
      statement.execute("insert into probe values (1)");
      try (ResultSet rows = statement.executeQuery("select count(*) from probe")) {
        rows.next();
        assertThat(rows.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void everyTestOfAClass_seesTheSameDatabase(TestDatabase first, TestDatabase second) {
    assertThat(first).isEqualTo(second);
    assertThat(first.jdbcUrl()).contains(first.name());
  }
}
