package io.tokenless.gateway;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.http.auth.AuthenticatedRequest;
import io.tokenless.http.auth.ResolvedUser;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.RoleLookup;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import java.util.Optional;

/**
 * Works out whom a gateway request is for: the authenticated caller on the scope it names, or —
 * when a service sends {@code X-On-Behalf-Of-User-Id} — the named user on the scope the service
 * names, after checking that the caller holds {@code service} on its own (default) project and
 * re-checking the user's own roles with the role lookup. The service forwards no credential of
 * the user: its word plus the user's current roles are what count.
 */
final class Identities {
  static final String SERVICE_ROLE = "service";

  private static final List<HttpString> SCOPE_HEADERS = List.of(new HttpString("X-Project-Id"),
      new HttpString("X-Project-Name"), new HttpString("X-Domain-Id"), new HttpString("X-Domain-Name"),
      new HttpString("OpenStack-System-Scope"));

  private final RoleLookup lookup;

  Identities(RoleLookup lookup) {
    this.lookup = lookup;
  }

  /** The caller itself, on the scope its request resolves to (empty roles when unscoped). */
  ForwardedIdentity caller(AuthenticatedRequest request) {
    ResolvedUser user = request.user();
    Optional<Scope> scope = request.scope();
    Optional<EffectiveRoles> roles = scope.map(s -> lookup.effectiveRoles(user.user().id(), s));
    // A trust or application-credential token lends fewer roles than the user holds: forward those.
    List<String> roleNames = request.delegated()
        ? request.roles().stream().map(RoleRef::name).toList()
        : roles.map(EffectiveRoles::roleNames).orElse(List.of());
    return new ForwardedIdentity(user.user().id(), user.user().name(), user.domain().id(), user.domain().name(),
        roles.map(EffectiveRoles::scope), roleNames, user.principal().mechanism(), Optional.empty());
  }

  /**
   * The user a service acts for.
   *
   * @throws ForbiddenException  the caller is not a service, or the user holds no role on the scope
   * @throws BadRequestException the request names no scope for the user, or a malformed user id
   */
  ForwardedIdentity onBehalfOf(HttpServerExchange exchange, AuthenticatedRequest request, String userId) {
    ResolvedUser service = request.user();
    if (request.delegated()) {
      // The service role is checked on the caller's own project, outside what a trust or
      // application credential lends: a delegated token must not reach it.
      throw new ForbiddenException("a token scoped to a trust or an application credential cannot act on behalf of a user");
    }
    String serviceProject = service.user().defaultProjectId();
    EffectiveRoles serviceRoles = serviceProject == null ? null
        : lookup.effectiveRoles(service.user().id(), Scope.project(serviceProject));
    if (serviceRoles == null || !serviceRoles.has(SERVICE_ROLE)) {
      throw new ForbiddenException("only a caller holding the service role on its own project may act on behalf of a user");
    }
    if (!Ids.plausible(userId)) {
      throw new BadRequestException("X-On-Behalf-Of-User-Id is not a valid user id");
    }
    if (SCOPE_HEADERS.stream().noneMatch(header -> exchange.getRequestHeaders().contains(header))) {
      throw new BadRequestException("a request on behalf of a user must name the user's scope (X-Project-Id, "
          + "X-Project-Name, X-Domain-Id, X-Domain-Name or OpenStack-System-Scope)");
    }
    Scope scope = request.scope().orElseThrow(() -> new BadRequestException("no scope for the user"));
    EffectiveRoles user;
    try {
      user = lookup.effectiveRoles(userId, scope);
    } catch (NotFoundException unknown) {
      throw new ForbiddenException("the user holds no role on the requested scope", unknown);
    }
    if (user.roles().isEmpty()) {
      throw new ForbiddenException("the user holds no role on the requested scope");
    }
    return new ForwardedIdentity(user.user().id(), user.user().name(), user.user().domainId(),
        user.user().domainName(), Optional.of(user.scope()), user.roleNames(), service.principal().mechanism(),
        Optional.of(new ForwardedIdentity.ActingService(service.user().id(), service.user().name(), serviceProject,
            serviceRoles.roleNames())));
  }
}
