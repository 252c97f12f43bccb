package io.tokenless.keystone.admin;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.roles.http.Caller;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.Optional;

/**
 * Keystone's default policy as it behaves without scope enforcement: the {@code admin} role
 * anywhere makes a cloud admin who may do everything here; other users may only read
 * themselves, list their own projects and groups, and change their own password.
 */
final class Policy {
  /** The caller, if the request carried credentials. */
  Optional<Caller> caller(HttpServerExchange exchange) {
    return Caller.find(exchange);
  }

  /**
   * The caller, or a 401. The challenges are left empty on purpose: the authentication pipeline
   * knows which mechanisms this endpoint offers and adds them.
   */
  Caller authenticated(HttpServerExchange exchange) {
    return caller(exchange).orElseThrow(() ->
        new UnauthenticatedException("The request you have made requires authentication.", List.of()));
  }

  /** The caller if it is an admin; 401 without a caller, 403 for anyone else. */
  Caller admin(HttpServerExchange exchange, String action) {
    Caller caller = authenticated(exchange);
    if (!caller.isAdmin()) {
      throw forbidden(action);
    }
    return caller;
  }

  /** The caller if it is an admin or the user {@code userId} itself. */
  Caller adminOrSelf(HttpServerExchange exchange, String userId, String action) {
    Caller caller = authenticated(exchange);
    if (!caller.isAdmin() && !caller.userId().equals(userId)) {
      throw forbidden(action);
    }
    return caller;
  }

  static ForbiddenException forbidden(String action) {
    return new ForbiddenException("You are not authorized to perform the requested action: identity:" + action + ".");
  }
}
