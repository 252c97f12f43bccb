package io.tokenless.keystone.admin;

import io.tokenless.roles.http.Caller;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * Finds the authenticated caller of an exchange. The authentication pipeline runs before the
 * administration handlers and leaves its result on the exchange; this is the one place the
 * handlers read it.
 */
@FunctionalInterface
public interface CallerSource {

  /** The caller, or empty when the request carried no (valid) credentials. */
  Optional<AdminCaller> callerOf(HttpServerExchange exchange);

  /**
   * Reads the role lookup module's {@link Caller} attachment, for pipelines that attach one:
   * admin is the {@code admin} role among the caller's roles on its scope.
   */
  static CallerSource fromCallerAttachment() {
    return exchange -> Optional.ofNullable(exchange.getAttachment(Caller.KEY))
        .map(caller -> new AdminCaller(caller.userId(), caller.userDomainId(), caller.scope().orElse(null),
            caller.isAdmin()));
  }
}
