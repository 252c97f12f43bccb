package io.tokenless.http.auth;

import io.tokenless.error.UnauthenticatedException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.RoleLookup;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Who is calling and where: attached to the exchange by {@link AuthenticationHandler} when a
 * mechanism authenticated the request and the principal stands for an enabled user. The scope
 * and the effective roles on it are worked out on first use, since many routes need neither.
 * A token scoped to a trust or an application credential brings its own roles (what the
 * delegation lends, a subset of the user's): they are used instead of the user's.
 */
public final class AuthenticatedRequest {
  static final AttachmentKey<AuthenticatedRequest> KEY = AttachmentKey.create(AuthenticatedRequest.class);
  static final AttachmentKey<String> FAILURE = AttachmentKey.create(String.class);

  private final ResolvedUser user;
  private final Supplier<Optional<Scope>> scope;
  private final RoleLookup lookup;
  private final boolean delegated;
  private List<RoleRef> roles;
  private Optional<Scope> resolvedScope;

  AuthenticatedRequest(ResolvedUser user, Supplier<Optional<Scope>> scope, RoleLookup lookup) {
    this.user = user;
    this.scope = scope;
    this.lookup = lookup;
    this.delegated = false;
  }

  /** A request authenticated by a delegated token: {@code lentRoles} are all it may use. */
  AuthenticatedRequest(ResolvedUser user, Supplier<Optional<Scope>> scope, RoleLookup lookup, List<RoleRef> lentRoles) {
    this.user = user;
    this.scope = scope;
    this.lookup = lookup;
    this.delegated = true;
    this.roles = List.copyOf(lentRoles);
  }

  /** The caller, if the request authenticated. */
  public static Optional<AuthenticatedRequest> of(HttpServerExchange exchange) {
    return Optional.ofNullable(exchange.getAttachment(KEY));
  }

  /**
   * The caller; a request that did not authenticate gets {@code 401} (the authentication handler
   * adds one challenge per mechanism of the endpoint).
   */
  public static AuthenticatedRequest require(HttpServerExchange exchange) {
    AuthenticatedRequest request = exchange.getAttachment(KEY);
    if (request == null) {
      String failure = exchange.getAttachment(FAILURE);
      throw new UnauthenticatedException(failure != null ? failure : "The request you have made requires authentication.",
          List.of());
    }
    return request;
  }

  /** The caller as the role lookup API sees it. */
  Caller toCaller() {
    return new Caller(user.user().id(), user.user().name(), user.domain().id(), scope(),
        roles().stream().map(RoleRef::name).collect(Collectors.toSet()));
  }

  public ResolvedUser user() {
    return user;
  }

  /** The scope the request acts in; empty when unscoped. */
  public synchronized Optional<Scope> scope() {
    if (resolvedScope == null) {
      resolvedScope = scope.get();
    }
    return resolvedScope;
  }

  /** The caller's effective roles on {@link #scope()}; none when unscoped. */
  public synchronized List<RoleRef> roles() {
    if (roles == null) {
      roles = scope().map(s -> lookup.effectiveRoles(user.user().id(), s)).map(EffectiveRoles::roles)
          .orElse(List.of());
    }
    return roles;
  }

  /** Whether the roles are a trust's or an application credential's rather than the user's own. */
  public boolean delegated() {
    return delegated;
  }

  public boolean hasRole(String name) {
    return roles().stream().anyMatch(role -> role.name().equals(name));
  }
}
