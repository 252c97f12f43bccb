package io.tokenless.audit;

import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/** Builds events from an exchange, filling in what every event carries (time, id, peer, request line). */
public final class Audits {
  private Audits() {}

  public static AuditEvent authentication(HttpServerExchange exchange, String mechanism, String principal,
      String user, String outcome, String reason) {
    return new AuditEvent(Instant.now(), RequestIds.of(exchange), "authentication", mechanism, principal, user,
        null, List.of(), null, outcome, reason, peer(exchange), exchange.getRequestMethod().toString(),
        exchange.getRequestPath());
  }

  /** The peer as audit events show it: address and port. */
  public static String peer(HttpServerExchange exchange) {
    InetSocketAddress address = exchange.getSourceAddress();
    return address == null ? null : address.getAddress() == null ? address.getHostString()
        : address.getAddress().getHostAddress() + ":" + address.getPort();
  }
}
