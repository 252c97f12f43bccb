package io.tokenless.keystone.admin;

import io.tokenless.catalog.CatalogStore;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.resolve.EffectiveAssignments;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.web.Routes;
import io.undertow.server.RoutingHandler;
import java.util.Objects;

/**
 * Keystone 22's administration API under {@code /v3}: domains, projects, users, groups, roles,
 * implied roles, grants, role assignments, services, endpoints and regions, with Keystone's
 * shapes, status codes and default policy, so the {@code openstack} CLI manages Tokenless.
 *
 * <p>The handlers block on PostgreSQL and expect to run on a worker thread with
 * {@link io.tokenless.web.ErrorHandler} around them, which turns their failures into Keystone's
 * error bodies. Who is calling is the {@link io.tokenless.roles.http.Caller} the authentication
 * pipeline attached to the exchange; without one every route but the password change answers
 * {@code 401}.
 */
public final class KeystoneAdminRoutes {
  private final RoleStore store;
  private final EffectiveAssignments effective;
  private final CatalogStore catalog;
  private final Links links;
  private final TokenRevocations revocations;

  /** Routes that report no revocations ({@link TokenRevocations#none()}). */
  public KeystoneAdminRoutes(RoleStore store, EffectiveAssignments effective, CatalogStore catalog, String baseUrl) {
    this(store, effective, catalog, baseUrl, TokenRevocations.none());
  }

  /**
   * @param store       the role model
   * @param effective   the effective assignment listing ({@code role_assignments?effective})
   * @param catalog     the service catalog
   * @param baseUrl     the server's public URL, which every {@code links.self} starts with
   * @param revocations told of changes that end issued tokens, after they are stored
   */
  public KeystoneAdminRoutes(RoleStore store, EffectiveAssignments effective, CatalogStore catalog, String baseUrl,
      TokenRevocations revocations) {
    this.store = Objects.requireNonNull(store, "store");
    this.effective = Objects.requireNonNull(effective, "effective");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.links = new Links(Objects.requireNonNull(baseUrl, "baseUrl"));
    this.revocations = Objects.requireNonNull(revocations, "revocations");
  }

  /** A routing table with every route; mount it with {@link RoutingHandler#addAll}. */
  public RoutingHandler routes() {
    RoutingHandler routes = Routes.create();
    Policy policy = new Policy();
    Views views = new Views(links);
    new DomainResource(store, policy, views, revocations).register(routes);
    new ProjectResource(store, policy, views, revocations).register(routes);
    new UserResource(store, effective, policy, views, revocations).register(routes);
    new GroupResource(store, policy, views).register(routes);
    new RoleResource(store, policy, views).register(routes);
    new GrantResource(store, policy, views, revocations).register(routes);
    new RoleAssignmentResource(store, effective, policy, links).register(routes);
    new CatalogResource(catalog, policy, views).register(routes);
    return routes;
  }
}
