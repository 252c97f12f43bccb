package io.tokenless.keystone.auth;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.RoleStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a trust lends its trustee now, by Keystone 22's rules ({@code TokenModel}'s trust checks):
 * the trust exists, is not deleted or used up, and names this trustee; the trustor and its domain
 * are enabled; the trust's project and its domain are enabled; the delegated roles, closed under
 * implication, are all still held by the trustor on the project (one lost role voids the whole
 * trust); the token carries the global ones among them. Expiry is the caller's to check, against
 * its clock, so that an answer can be remembered until the next write.
 *
 * <p>Deliberately narrower than Keystone: a domain-specific role in the closure is neither checked
 * nor carried (Keystone checks it against the trustor's domain-specific roles, which the role
 * lookup here does not list; it never carries one either).
 */
final class TrustGrants {
  /** Keystone's redelegation depth is bounded by its configuration; this bounds a corrupt chain. */
  private static final int MAX_CHAIN = 100;

  private final RoleStore store;
  private final RoleLookup roles;
  private final EnabledScopes scopes;

  TrustGrants(RoleStore store, RoleLookup roles, EnabledScopes scopes) {
    this.store = store;
    this.roles = roles;
    this.scopes = scopes;
  }

  /**
   * What trust {@code trustId} grants {@code trusteeId} now.
   *
   * @throws DelegationRefusedException with Keystone's status when the trust grants nothing
   */
  Grant grant(String trustId, String trusteeId) throws DelegationRefusedException {
    Trust trust = store.trusts().find(trustId).filter(Trust::usable).orElseThrow(
        () -> DelegationRefusedException.trustNotFound(trustId, "trust " + trustId + " is unknown, deleted or used up"));
    if (!trust.trusteeUserId().equals(trusteeId)) {
      throw DelegationRefusedException.forbidden("User is not a trustee.",
          "user " + trusteeId + " is not the trustee of trust " + trustId);
    }
    User trustor = store.users().find(trust.trustorUserId()).orElseThrow(
        () -> DelegationRefusedException.trustNotFound(trustId, "trustor of trust " + trustId + " is gone"));
    Domain trustorDomain = store.domains().find(trustor.domainId()).filter(Domain::enabled).orElseThrow(
        () -> DelegationRefusedException.trustNotFound(trustId, "domain of the trustor of trust " + trustId + " is disabled"));
    if (!trustor.enabled()) {
      throw DelegationRefusedException.forbidden("Trustor is disabled.", "trustor of trust " + trustId + " is disabled");
    }
    TokenScope.ProjectScope scope = scopes.project(trust.projectId()).orElseThrow(
        () -> DelegationRefusedException.unauthenticated("project of trust " + trustId + " is disabled or gone"));
    List<Role> lent = lentRoles(trust, originalTrustor(trust));
    if (lent.isEmpty()) {
      throw DelegationRefusedException.unauthenticated("trust " + trustId + " lends no global role");
    }
    List<RoleRef> refs = lent.stream().map(r -> new RoleRef(r.id(), r.name())).toList();
    return new Grant(scope, refs, new Delegation.ByTrust(trust, trustor, trustorDomain, lent));
  }

  /** Keystone: a re-delegated trust is checked against the roles of the first trustor in its chain. */
  private String originalTrustor(Trust trust) throws DelegationRefusedException {
    Trust current = trust;
    for (int depth = 0; current.redelegatedTrustId() != null; depth++) {
      String parentId = current.redelegatedTrustId();
      Optional<Trust> parent = store.trusts().find(parentId).filter(Trust::usable);
      if (parent.isEmpty() || depth >= MAX_CHAIN) {
        throw DelegationRefusedException.trustNotFound(trust.id(), "trust " + trust.id()
            + " was re-delegated from a trust that is gone: " + parentId);
      }
      current = parent.get();
    }
    return current.trustorUserId();
  }

  /** The trust's roles and what they imply, all held by the trustor now; global ones by name. */
  private List<Role> lentRoles(Trust trust, String trustorId) throws DelegationRefusedException {
    Set<String> held = new HashSet<>();
    try {
      roles.effectiveRoles(trustorId, Scope.project(trust.projectId())).roles().forEach(r -> held.add(r.id()));
    } catch (NotFoundException e) {
      throw DelegationRefusedException.forbidden("Trustee has no delegated roles.",
          "trustor or project of trust " + trust.id() + " is gone");
    }
    List<Role> lent = new ArrayList<>();
    for (String roleId : impliedClosure(trust.roleIds())) {
      Optional<Role> role = store.roles().find(roleId);
      if (role.isEmpty() || !role.get().isGlobal()) {
        continue;
      }
      if (!held.contains(roleId)) {
        throw DelegationRefusedException.forbidden("Trustee has no delegated roles.",
            "trustor of trust " + trust.id() + " no longer holds role " + roleId);
      }
      lent.add(role.get());
    }
    lent.sort(Comparator.comparing(Role::name).thenComparing(Role::id));
    return lent;
  }

  private Set<String> impliedClosure(List<String> roleIds) {
    Set<String> closure = new LinkedHashSet<>(roleIds);
    Deque<String> pending = new ArrayDeque<>(roleIds);
    while (!pending.isEmpty()) {
      String roleId = pending.pop();
      List<Role> implied;
      try {
        implied = store.roles().impliedBy(roleId);
      } catch (NotFoundException deletedMeanwhile) {
        continue;
      }
      for (Role role : implied) {
        if (closure.add(role.id())) {
          pending.push(role.id());
        }
      }
    }
    return closure;
  }
}
