package io.tokenless.roles.cache;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the dedicated connection the invalidation listener keeps. It is deliberately not taken
 * from the pool: it is held for the life of the process and must not be recycled under it.
 */
@FunctionalInterface
public interface Connector {

  Connection connect() throws SQLException;

  /** Connects with the PostgreSQL driver; connect and socket time-outs keep reconnects snappy. */
  static Connector of(String jdbcUrl, String user, String password) {
    return () -> {
      Properties properties = new Properties();
      properties.setProperty("user", user);
      properties.setProperty("password", password == null ? "" : password);
      properties.setProperty("connectTimeout", "3");
      properties.setProperty("tcpKeepAlive", "true");
      properties.setProperty("ApplicationName", "tokenless-roles-listener");
      return DriverManager.getConnection(jdbcUrl, properties);
    };
  }
}
