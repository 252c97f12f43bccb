package io.tokenless.bootstrap;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.store.RoleStore;

/**
 * Keystone's standard roles — {@code admin} ⇒ {@code member} ⇒ {@code reader}, and
 * {@code service} — and the default domain, made to exist. Idempotent: what exists is kept.
 */
public record StandardRoles(Role admin, Role member, Role reader, Role service) {

  public static StandardRoles ensure(RoleStore store) {
    Role admin = role(store, "admin");
    Role member = role(store, "member");
    Role reader = role(store, "reader");
    Role service = role(store, "service");
    implies(store, admin, member);
    implies(store, member, reader);
    return new StandardRoles(admin, member, reader, service);
  }

  /** The domain with id {@code default}, named {@code Default}, as Keystone has it. */
  public static Domain defaultDomain(RoleStore store) {
    return store.domains().find(Ids.DEFAULT_DOMAIN)
        .orElseGet(() -> store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "The default domain", true)));
  }

  /** Grants {@code role} unless the assignment exists. */
  public static void grant(RoleStore store, Role role, Actor actor, Target target, boolean inherited) {
    Assignment assignment = new Assignment(role.id(), actor, target, inherited);
    if (!store.assignments().check(assignment)) {
      store.assignments().grant(assignment);
    }
  }

  private static Role role(RoleStore store, String name) {
    return store.roles().findByName(null, name)
        .orElseGet(() -> store.roles().create(new Role(Ids.random(), name, null, null)));
  }

  private static void implies(RoleStore store, Role prior, Role implied) {
    if (!store.roles().implies(prior.id(), implied.id())) {
      store.roles().addImplied(prior.id(), implied.id());
    }
  }
}
