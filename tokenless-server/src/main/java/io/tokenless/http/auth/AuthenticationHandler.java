package io.tokenless.http.auth;

import io.tokenless.audit.AuditLog;
import io.tokenless.audit.Audits;
import io.tokenless.auth.AuthOutcome;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.keystone.auth.Delegation;
import io.tokenless.keystone.auth.ExternalIdentity;
import io.tokenless.keystone.auth.KeystoneAuthRoutes;
import io.tokenless.keystone.auth.ValidToken;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.resolve.RoleLookup;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every mechanism of the endpoint on each request, on a worker thread, and attaches the
 * caller ({@link AuthenticatedRequest}) when one of them authenticates it and the principal
 * stands for an enabled user. It never refuses a request itself: routes that need a caller ask
 * for one, and their {@code 401} leaves here with one {@code WWW-Authenticate} challenge per
 * mechanism. Nothing is kept on the connection: each request stands on its own.
 */
public final class AuthenticationHandler implements HttpHandler {
  private static final Logger security = LoggerFactory.getLogger("io.tokenless.security");

  private final List<AuthMechanism> mechanisms;
  private final IdentityResolver identities;
  private final ScopeResolver scopes;
  private final RoleLookup lookup;
  private final HttpHandler next;
  private final List<String> challenges;
  private final AuditLog audit;

  public AuthenticationHandler(List<AuthMechanism> mechanisms, IdentityResolver identities, ScopeResolver scopes,
      RoleLookup lookup, HttpHandler next) {
    this(mechanisms, identities, scopes, lookup, next, AuditLog.NONE);
  }

  /** As above, also recording every authentication outcome in {@code audit}. */
  public AuthenticationHandler(List<AuthMechanism> mechanisms, IdentityResolver identities, ScopeResolver scopes,
      RoleLookup lookup, HttpHandler next, AuditLog audit) {
    this.audit = audit;
    this.mechanisms = List.copyOf(mechanisms);
    this.identities = identities;
    this.scopes = scopes;
    this.lookup = lookup;
    this.next = next;
    this.challenges = mechanisms.stream().map(AuthMechanism::challenge).flatMap(Optional::stream).toList();
  }

  /** The challenges sent with every {@code 401}, in mechanism order. */
  public List<String> challenges() {
    return challenges;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    authenticate(exchange);
    try {
      next.handleRequest(exchange);
    } catch (UnauthenticatedException unauthenticated) {
      throw unauthenticated.withChallenges(challenges);
    }
  }

  private void authenticate(HttpServerExchange exchange) {
    String failure = null;
    for (AuthMechanism mechanism : mechanisms) {
      AuthOutcome outcome = mechanism.authenticate(exchange);
      if (outcome instanceof AuthOutcome.Authenticated authenticated) {
        Optional<ResolvedUser> user = identities.resolve(authenticated.principal());
        if (user.isEmpty()) {
          security.info("auth mechanism={} principal={} outcome=unmapped peer={}", mechanism.name(),
              authenticated.principal().name(), exchange.getSourceAddress());
          audit.record(() -> Audits.authentication(exchange, mechanism.name(), authenticated.principal().name(), null,
              "unmapped", "no enabled user for the principal"));
          failure = failure == null ? "The authenticated identity is not a known, enabled user." : failure;
          continue;
        }
        authenticated.replyToken().ifPresent(reply ->
            exchange.getResponseHeaders().add(Headers.WWW_AUTHENTICATE, reply));
        ResolvedUser resolved = user.get();
        // A token scoped to a trust or an application credential limits the caller to what it lends.
        ValidToken token = authenticated.principal().mechanism().equals("token")
            ? exchange.getAttachment(KeystoneAuthRoutes.CALLER_TOKEN) : null;
        AuthenticatedRequest request = token != null && token.delegation() != Delegation.NONE
            ? new AuthenticatedRequest(resolved, () -> scopes.resolve(exchange, resolved), lookup, token.roles())
            : new AuthenticatedRequest(resolved, () -> scopes.resolve(exchange, resolved), lookup);
        exchange.putAttachment(AuthenticatedRequest.KEY, request);
        // The lookup and administration APIs authorise on the caller's own roles where it acts.
        exchange.putAttachment(Caller.PENDING, request::toCaller);
        String mechanismName = authenticated.principal().mechanism();
        if (mechanismName.equals("kerberos") || mechanismName.equals("x509")) {
          // Lets POST /v3/auth/tokens bridge this identity to a Keystone token (methods kerberos, x509).
          exchange.putAttachment(ExternalIdentity.ATTACHMENT,
              new ExternalIdentity(mechanismName, resolved.user().id(), authenticated.principal().name()));
        }
        // Every request of every caller authenticates: successes go to the audit log, and to the
        // security log only at DEBUG, so the INFO log stays readable (and cheap) under load.
        if (security.isDebugEnabled()) {
          security.debug("auth mechanism={} principal={} user={} outcome=authenticated peer={}", mechanism.name(),
              authenticated.principal().name(), resolved.user().id(), exchange.getSourceAddress());
        }
        audit.record(() -> Audits.authentication(exchange, mechanism.name(), authenticated.principal().name(),
            resolved.user().id(), "authenticated", null));
        return;
      } else if (outcome instanceof AuthOutcome.Failed failed) {
        security.info("auth mechanism={} outcome=failed reason={} peer={}", mechanism.name(), failed.logReason(),
            exchange.getSourceAddress());
        audit.record(() -> Audits.authentication(exchange, mechanism.name(), null, null, "failed", failed.logReason()));
        failure = failure == null ? failed.clientMessage() : failure;
      } else if (outcome instanceof AuthOutcome.ContinueNeeded) {
        failure = failure == null ? "Authentication continues." : failure;
      }
    }
    if (failure != null) {
      exchange.putAttachment(AuthenticatedRequest.FAILURE, failure);
    }
  }
}
