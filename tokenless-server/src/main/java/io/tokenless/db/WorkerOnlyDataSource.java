package io.tokenless.db;

import io.tokenless.web.NonBlocking;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as the application sees it: a request being tried on an IO thread that asks for a
 * connection starts over on a worker thread ({@link NonBlocking#check}), since waiting for
 * PostgreSQL there would stall every connection of that thread.
 */
final class WorkerOnlyDataSource implements DataSource {
  private final DataSource pool;

  WorkerOnlyDataSource(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    NonBlocking.check("database connection");
    return pool.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    NonBlocking.check("database connection");
    return pool.getConnection(user, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || pool.isWrapperFor(type);
  }
}
