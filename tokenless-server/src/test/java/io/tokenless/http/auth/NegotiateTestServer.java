package io.tokenless.http.auth;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.mapping.MappedIdentity;
import io.tokenless.web.ErrorHandler;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A small Undertow server on 127.0.0.1 that authenticates every request with a
 * {@link SpnegoMechanism} and maps the principal: 200 with {@code principal -> user}, or 401
 * with the {@code Negotiate} challenge through the project's {@link ErrorHandler}.
 */
final class NegotiateTestServer implements AutoCloseable {
  private final Undertow server;
  private final int port;

  NegotiateTestServer(SpnegoMechanism mechanism, IdentityMapper mapper) {
    List<String> challenges = List.of(mechanism.challenge().orElseThrow());
    server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(new ErrorHandler(exchange -> {
          AuthOutcome outcome = mechanism.authenticate(exchange);
          if (!(outcome instanceof AuthOutcome.Authenticated authenticated)) {
            String message = outcome instanceof AuthOutcome.Failed failed ? failed.clientMessage() : "authentication required";
            throw new UnauthenticatedException(message, challenges);
          }
          Optional<MappedIdentity> identity = mapper.map(authenticated.principal());
          if (identity.isEmpty()) {
            throw new UnauthenticatedException("no user for this principal", challenges);
          }
          authenticated.replyToken().ifPresent(reply -> exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, reply));
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
          exchange.getResponseSender().send(authenticated.principal().name() + " -> " + identity.get().userName() + "\n",
              StandardCharsets.UTF_8);
        }))
        .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  int port() {
    return port;
  }

  /** {@code http://localhost:<port>/whoami}: "localhost" so clients ask for {@code HTTP/localhost}. */
  String url() {
    return "http://localhost:" + port + "/whoami";
  }

  @Override
  public void close() {
    server.stop();
  }
}
