package io.tokenless.roles.store;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ConflictException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.TokenlessException;
import io.tokenless.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns database failures into the error model: constraint violations become the 409 or 400
 * a Keystone client expects, a lost database becomes a 503. Anything else stays a 500.
 */
final class SqlErrors {
  /** How long a client should wait before retrying when PostgreSQL is unreachable. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final Map<String, String> CONFLICTS = Map.of(
      "domains_name_key", "a domain with this name already exists",
      "projects_name_in_domain", "a project with this name already exists in the domain",
      "users_name_in_domain", "a user with this name already exists in the domain",
      "groups_name_in_domain", "a group with this name already exists in the domain",
      "roles_global_name", "a global role with this name already exists",
      "roles_domain_name", "a role with this name already exists in the domain",
      "principals_pkey", "this principal is already bound to a user",
      "implied_roles_pkey", "this implied role rule already exists",
      "application_credentials_name_per_user", "an application credential with this name already exists for the user");

  private SqlErrors() {}

  static RuntimeException translate(RuntimeException failure) {
    if (failure instanceof TokenlessException) {
      return failure;
    }
    if (failure instanceof ConnectionException) {
      return unavailable(failure);
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException) {
        return unavailable(failure);
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("57P")) {
          return unavailable(failure);
        }
        String constraint = constraint(sql);
        switch (state) {
          case "23505":
            if (constraint.endsWith("_pkey") && !CONFLICTS.containsKey(constraint)) {
              return new ConflictException("an object with this id already exists", failure);
            }
            return new ConflictException(CONFLICTS.getOrDefault(constraint, "duplicate entry"), failure);
          case "23503":
            return new NotFoundException("a referenced object does not exist", failure);
          case "23514", "22001", "22P02", "22021":
            // 22021: a NUL character, which PostgreSQL text cannot hold (found by fuzzing).

            return new BadRequestException("invalid value", failure);
          default:
            break;
        }
      }
    }
    return failure;
  }

  private static String constraint(SQLException sql) {
    if (sql instanceof PSQLException psql) {
      ServerErrorMessage message = psql.getServerErrorMessage();
      if (message != null && message.getConstraint() != null) {
        return message.getConstraint();
      }
    }
    return "";
  }

  private static UnavailableException unavailable(Throwable cause) {
    return new UnavailableException("the role database is unavailable", RETRY_AFTER, cause);
  }
}
