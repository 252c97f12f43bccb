package io.tokenless.gateway;

import io.tokenless.audit.AuditEvent;
import io.tokenless.audit.AuditLog;
import io.tokenless.audit.Audits;
import io.tokenless.audit.RequestIds;
import io.tokenless.config.GatewayConfig;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.TokenlessException;
import io.tokenless.http.auth.AuthenticatedRequest;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied prefix: takes the caller the authentication pipeline attached, decides whom the
 * request is for (the caller, or the user a service acts for), enforces the route's policy,
 * replaces every identity header with the gateway's own, and hands the exchange to the proxy.
 * Every decision is audited, refusals included.
 */
final class GatewayRoute implements HttpHandler {
  private static final Logger security = LoggerFactory.getLogger("io.tokenless.security");

  private final GatewayConfig.Route config;
  private final String resolvedPath;
  private final RoutePolicy policy;
  private final Identities identities;
  private final HttpHandler proxy;
  private final AuditLog audit;
  private final Optional<String> adminProjectId;

  GatewayRoute(GatewayConfig.Route config, Identities identities, HttpHandler proxy, AuditLog audit,
      Optional<String> adminProjectId) {
    this.config = config;
    this.resolvedPath = config.prefix().substring(0, config.prefix().length() - 1);
    this.policy = RoutePolicy.of(config.policy());
    this.identities = identities;
    this.proxy = proxy;
    this.audit = audit;
    this.adminProjectId = adminProjectId;
  }

  String prefix() {
    return config.prefix();
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String requestId = RequestIds.of(exchange);
    // Error responses start from empty headers; the client still gets the id to quote.
    exchange.addResponseCommitListener(committed -> committed.getResponseHeaders().put(RequestIds.HEADER, requestId));
    String path = exchange.getRequestPath().substring(resolvedPath.length());
    Optional<AuthenticatedRequest> caller = AuthenticatedRequest.of(exchange);
    if (caller.isEmpty()) {
      audit.record(() -> event(exchange, null, null, null, "denied", "unauthenticated"));
      AuthenticatedRequest.require(exchange);
      return;
    }
    AuthenticatedRequest request = caller.get();
    String onBehalfOf = exchange.getRequestHeaders().getFirst(IdentityHeaders.ON_BEHALF_OF);
    ForwardedIdentity identity;
    try {
      identity = onBehalfOf == null ? identities.caller(request)
          : identities.onBehalfOf(exchange, request, onBehalfOf.trim());
      authorise(identity, exchange.getRequestMethod().toString(), path);
    } catch (TokenlessException refused) {
      audit.record(() -> event(exchange, request, null, onBehalfOf, "denied", refused.getMessage()));
      security.info("gateway route={} user={} on_behalf_of={} outcome=denied status={} request={}", config.prefix(),
          request.user().user().id(), onBehalfOf, refused.status(), requestId);
      throw refused;
    }
    audit.record(() -> event(exchange, request, identity, onBehalfOf, "allowed", null));
    security.info("gateway route={} user={} on_behalf_of={} scope={} outcome=allowed request={}", config.prefix(),
        request.user().user().id(), onBehalfOf, identity.scopeLabel(), requestId);

    IdentityHeaders.strip(exchange.getRequestHeaders());
    IdentityHeaders.apply(exchange.getRequestHeaders(), identity, adminProjectId, requestId);
    // The proxy sends the request URI minus the resolved path: the part after the prefix.
    exchange.setResolvedPath(resolvedPath);
    exchange.addDefaultResponseListener(new UpstreamFailures(config.upstream().toString()));
    proxy.handleRequest(exchange);
  }

  private void authorise(ForwardedIdentity identity, String method, String path) {
    Requirement requirement = policy.requirement(method, path);
    if (requirement instanceof Requirement.NoRule) {
      throw new ForbiddenException("no policy rule of " + config.prefix() + " allows " + method + " " + path);
    }
    if (requirement instanceof Requirement.Role role && !identity.hasRole(role.name())) {
      throw new ForbiddenException("this requires the role " + role.name() + " on the requested scope");
    }
  }

  private AuditEvent event(HttpServerExchange exchange, AuthenticatedRequest request, ForwardedIdentity identity,
      String onBehalfOf, String outcome, String reason) {
    return new AuditEvent(Instant.now(), RequestIds.of(exchange), "authorization",
        request == null ? null : request.user().principal().mechanism(),
        request == null ? null : request.user().principal().name(),
        request == null ? null : request.user().user().id(),
        identity == null ? null : identity.scopeLabel(),
        identity == null ? List.of() : identity.roles(),
        onBehalfOf, outcome, reason, Audits.peer(exchange), exchange.getRequestMethod().toString(),
        exchange.getRequestPath());
  }

  /** Answers {@code 502} when the proxy finds no usable upstream host at all. */
  static HttpHandler noUpstream(String upstream) {
    return exchange -> {
      exchange.putAttachment(UpstreamFailures.UNREACHABLE, true);
      UpstreamFailures.send(exchange, StatusCodes.BAD_GATEWAY, "Bad Gateway",
          "the upstream service " + upstream + " cannot be reached");
    };
  }
}
