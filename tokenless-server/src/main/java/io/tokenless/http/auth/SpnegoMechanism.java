package io.tokenless.http.auth;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.kerberos.NegotiateAuthenticator;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Optional;

/**
 * HTTP Negotiate (Kerberos/SPNEGO) for Undertow: hands the request's {@code Authorization}
 * headers to {@link NegotiateAuthenticator}. On success the outcome carries the
 * {@code Negotiate <reply>} value the server sends in {@code WWW-Authenticate} for mutual
 * authentication. Keeps nothing on the connection. Must run on a worker thread (JGSS work).
 */
public final class SpnegoMechanism implements AuthMechanism {
  private final NegotiateAuthenticator authenticator;

  public SpnegoMechanism(NegotiateAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public String name() {
    return NegotiateAuthenticator.MECHANISM;
  }

  @Override
  public Optional<String> challenge() {
    return Optional.of(NegotiateAuthenticator.SCHEME);
  }

  @Override
  public AuthOutcome authenticate(HttpServerExchange exchange) {
    HeaderValues values = exchange.getRequestHeaders().get(Headers.AUTHORIZATION);
    if (values == null || values.isEmpty()) {
      return new AuthOutcome.NotAttempted();
    }
    return authenticator.authenticate(List.copyOf(values));
  }
}
