package io.tokenless.keystone.admin;

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
}
