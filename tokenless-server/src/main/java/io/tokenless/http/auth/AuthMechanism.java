package io.tokenless.http.auth;

import io.tokenless.auth.AuthOutcome;
import io.undertow.server.HttpServerExchange;
import java.util.Optional;

/**
 * The Undertow side of one authentication mechanism: reads the request's credential for this
 * mechanism (a header, the TLS session) and hands it to the mechanism's plain core. Runs on a
 * worker thread. Implementations are stateless per request: nothing about a login is kept on
 * the connection.
 */
public interface AuthMechanism {

  /** The mechanism's name as it appears in audit events and {@code whoami}. */
  String name();

  /** The {@code WWW-Authenticate} challenge this mechanism offers, if it has one. */
  Optional<String> challenge();

  /** Looks at the request; never returns {@code null} and never throws for bad credentials. */
  AuthOutcome authenticate(HttpServerExchange exchange);
}
