package io.tokenless.guard;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.http.auth.AuthMechanism;
import io.tokenless.roles.client.LookupRequest;
import io.tokenless.roles.client.RoleLookupClient;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.web.ErrorHandler;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenless for a Java service that does not sit behind the gateway: authenticates the caller
 * in-process (SPNEGO with the service's own keytab, or the client certificate of its TLS
 * listener), asks Tokenless's {@code /v1/lookup} — as the service itself — for the caller's
 * roles on the scope the request names, and hands the request on with a {@link GuardedCaller}
 * attached. Lookups are cached briefly by the {@link RoleLookupClient}.
 *
 * <p>Refuses with {@code 401} (one challenge per mechanism) when no mechanism authenticates,
 * {@code 400} when the request names no scope, and {@code 403} when the caller holds no role
 * there or is unknown to Tokenless. Kerberos principals and certificate subject DNs must be
 * bound to users in Tokenless ({@code principal} lookups).
 */
public final class TokenlessGuard implements HttpHandler {
  private static final Logger security = LoggerFactory.getLogger("io.tokenless.security");

  private final List<AuthMechanism> mechanisms;
  private final RoleLookupClient lookup;
  private final HttpHandler next;
  private final List<String> challenges;

  private TokenlessGuard(List<AuthMechanism> mechanisms, RoleLookupClient lookup, HttpHandler next) {
    this.mechanisms = List.copyOf(mechanisms);
    this.lookup = lookup;
    this.next = next;
    this.challenges = mechanisms.stream().map(AuthMechanism::challenge).flatMap(Optional::stream).toList();
  }

  /**
   * {@code next} behind the guard, with refusals rendered as problem documents; the handler runs
   * on a worker thread.
   */
  public static HttpHandler wrap(List<AuthMechanism> mechanisms, RoleLookupClient lookup, HttpHandler next) {
    return new ErrorHandler(new TokenlessGuard(mechanisms, lookup, next));
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    for (AuthMechanism mechanism : mechanisms) {
      AuthOutcome outcome = mechanism.authenticate(exchange);
      if (outcome instanceof AuthOutcome.Authenticated authenticated) {
        authenticated.replyToken().ifPresent(reply -> exchange.getResponseHeaders().add(Headers.WWW_AUTHENTICATE, reply));
        String principal = authenticated.principal().name();
        PrincipalKind kind = authenticated.principal().mechanism().equals("kerberos") ? PrincipalKind.KERBEROS
            : PrincipalKind.X509;
        EffectiveRoles roles = roles(exchange, LookupRequest.principal(kind, principal));
        if (roles.roles().isEmpty()) {
          security.info("guard principal={} outcome=denied reason=no-roles", principal);
          throw new ForbiddenException("the caller holds no role on the requested scope");
        }
        security.info("guard principal={} user={} outcome=allowed", principal, roles.userId());
        exchange.putAttachment(GuardedCaller.KEY, new GuardedCaller(authenticated.principal().mechanism(), principal,
            roles));
        next.handleRequest(exchange);
        return;
      }
      if (outcome instanceof AuthOutcome.Failed failed) {
        security.info("guard mechanism={} outcome=failed reason={}", mechanism.name(), failed.logReason());
        throw new UnauthenticatedException(failed.clientMessage(), challenges);
      }
    }
    throw new UnauthenticatedException("The request you have made requires authentication.", challenges);
  }

  /** The caller's roles on the scope named by the request's keystonemiddleware-style headers. */
  private EffectiveRoles roles(HttpServerExchange exchange, LookupRequest.Who who) {
    var headers = exchange.getRequestHeaders();
    LookupRequest request;
    if (headers.contains("X-Project-Id")) {
      request = who.onProject(headers.getFirst("X-Project-Id"));
    } else if (headers.contains("X-Project-Name")) {
      String domain = Optional.ofNullable(headers.getFirst("X-Project-Domain-Id"))
          .or(() -> Optional.ofNullable(headers.getFirst("X-Project-Domain-Name"))).orElse("default");
      request = who.onProjectNamed(domain, headers.getFirst("X-Project-Name"));
    } else if (headers.contains("X-Domain-Id")) {
      request = who.onDomain(headers.getFirst("X-Domain-Id"));
    } else if ("all".equals(headers.getFirst("OpenStack-System-Scope"))) {
      request = who.onSystem();
    } else {
      throw new BadRequestException("name a scope: X-Project-Id, X-Project-Name, X-Domain-Id or OpenStack-System-Scope");
    }
    try {
      return lookup.lookup(request);
    } catch (NotFoundException unknown) {
      throw new ForbiddenException("the caller or the scope is unknown to Tokenless", unknown);
    }
  }
}
