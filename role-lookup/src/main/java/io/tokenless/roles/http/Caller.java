package io.tokenless.roles.http;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Scope;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who is calling, as the server established it (Kerberos, client certificate or token) before
 * any handler of this module runs, and the roles the caller holds where it acted. The server
 * attaches it with {@code exchange.putAttachment(Caller.KEY, caller)}.
 *
 * @param scope the scope the caller acted in; empty for an unscoped caller, whose roles are then empty
 * @param roles role names the caller holds on that scope (effective: implied roles included)
 */
public record Caller(String userId, String userName, String userDomainId, Optional<Scope> scope, Set<String> roles) {
  /** Where the authenticated caller travels on the exchange. */
  public static final AttachmentKey<Caller> KEY = AttachmentKey.create(Caller.class);

  /**
   * Or how to work it out, on first use: the caller's roles need a scope and a lookup that
   * routes not authorising on them (token validation, whoami of an unscoped caller) never pay.
   */
  @SuppressWarnings("unchecked")
  public static final AttachmentKey<Supplier<Caller>> PENDING =
      (AttachmentKey<Supplier<Caller>>) (AttachmentKey<?>) AttachmentKey.create(Supplier.class);

  public Caller {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(userDomainId, "userDomainId");
    Objects.requireNonNull(scope, "scope");
    roles = Set.copyOf(roles);
  }

  /** The caller an authentication produced, holding the effective roles looked up for it. */
  public static Caller from(EffectiveRoles roles) {
    return new Caller(roles.user().id(), roles.user().name(), roles.user().domainId(),
        Optional.of(roles.scope().scope()), Set.copyOf(roles.roleNames()));
  }

  /**
   * Keystone's default policy: {@code admin} on any scope makes the caller a cloud admin (no
   * scope enforcement).
   */
  public boolean isAdmin() {
    return roles.contains("admin");
  }

  /** A service may ask about other users' roles: it holds {@code service}, or is an admin. */
  public boolean isService() {
    return roles.contains("service") || isAdmin();
  }

  /** The caller of this exchange, if it authenticated. */
  public static Optional<Caller> find(HttpServerExchange exchange) {
    Caller caller = exchange.getAttachment(KEY);
    if (caller == null) {
      Supplier<Caller> pending = exchange.removeAttachment(PENDING);
      if (pending != null) {
        caller = pending.get();
        exchange.putAttachment(KEY, caller);
      }
    }
    return Optional.ofNullable(caller);
  }

  /** The caller of this exchange; none attached is a 401 (the server adds its challenges). */
  public static Caller of(HttpServerExchange exchange) {
    return find(exchange).orElseThrow(() -> new UnauthenticatedException("authentication required", List.of()));
  }

  /** The caller, who must be a service or an admin; otherwise a 403. */
  public static Caller requireService(HttpServerExchange exchange) {
    Caller caller = of(exchange);
    if (!caller.isService()) {
      throw new ForbiddenException("the role lookup API requires the service or admin role");
    }
    return caller;
  }

  /** The caller, who must be an admin; otherwise a 403. */
  public static Caller requireAdmin(HttpServerExchange exchange) {
    Caller caller = of(exchange);
    if (!caller.isAdmin()) {
      throw new ForbiddenException("this requires the admin role");
    }
    return caller;
  }
}
