package io.tokenless.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh PostgreSQL database for one test class, on the run's shared server. Injected by
 * {@link PostgresExtension} as a test or constructor parameter.
 *
 * @param jdbcUrl  the JDBC URL of this database
 * @param user     a user that owns it
 * @param password that user's password (may be empty for trust authentication)
 * @param name     the database name
 */
public record TestDatabase(String jdbcUrl, String user, String password, String name) {

  /** A new, unpooled connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  @Override
  public String toString() {
    return "TestDatabase[" + jdbcUrl + "]";
  }
}
