package io.tokenless.dev;

import io.tokenless.bootstrap.StandardRoles;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.util.Optional;

/**
 * The demo data of {@code tokenless dev}, with Keystone's conventions (the default domain has
 * id {@code default} and name {@code Default}). Applied on every start and idempotent: what
 * exists is kept, what is missing is created, and demo passwords follow {@code credentials.txt}.
 *
 * <ul>
 *   <li>domains {@code Default} and {@code corp}; projects {@code demo} (Default), {@code ops}
 *       (corp) and {@code service} (Default);</li>
 *   <li>roles {@code admin} ⇒ {@code member} ⇒ {@code reader}, and {@code service};</li>
 *   <li>{@code alice}: member on demo; {@code bob} (corp): in group {@code operators}, which
 *       holds admin on domain corp, inherited to its projects; {@code admin}: admin on the
 *       system and on demo; {@code compute}: service on project service;
 *       {@code mallory}: member on demo, but her client certificate is revoked.</li>
 * </ul>
 */
final class DemoData {
  static final String REALM = "EXAMPLE.COM";

  private final RoleStore store;
  private final DevCredentials credentials;

  DemoData(RoleStore store, DevCredentials credentials) {
    this.store = store;
    this.credentials = credentials;
  }

  void apply() {
    Domain defaultDomain = StandardRoles.defaultDomain(store);
    Domain corp = store.domains().findByName("corp")
        .orElseGet(() -> store.domains().create(new Domain(Ids.random(), "corp", "A corporate directory", true)));

    Project demo = project(defaultDomain, "demo");
    Project ops = project(corp, "ops");
    Project service = project(defaultDomain, "service");

    StandardRoles roles = StandardRoles.ensure(store);
    Role admin = roles.admin();
    Role member = roles.member();
    Role serviceRole = roles.service();

    User alice = user(defaultDomain, "alice", demo);
    User bob = user(corp, "bob", ops);
    User adminUser = user(defaultDomain, "admin", demo);
    User compute = user(defaultDomain, "compute", service);
    User mallory = user(defaultDomain, DemoUsers.REVOKED, demo);

    Group operators = store.groups().findByName(corp.id(), "operators")
        .orElseGet(() -> store.groups().create(new Group(Ids.random(), "operators", corp.id(), "Operations staff")));
    if (!store.groups().isMember(operators.id(), bob.id())) {
      store.groups().addMember(operators.id(), bob.id());
    }

    grant(member, Actor.user(alice.id()), Target.project(demo.id()), false);
    grant(member, Actor.user(mallory.id()), Target.project(demo.id()), false);
    grant(admin, Actor.group(operators.id()), Target.domain(corp.id()), true);
    grant(admin, Actor.user(adminUser.id()), Target.system(), false);
    grant(admin, Actor.user(adminUser.id()), Target.project(demo.id()), false);
    grant(serviceRole, Actor.user(compute.id()), Target.project(service.id()), false);
  }

  private Project project(Domain domain, String name) {
    return store.projects().findByName(domain.id(), name)
        .orElseGet(() -> store.projects().create(new Project(Ids.random(), name, domain.id(), null, null, true)));
  }

  private User user(Domain domain, String name, Project defaultProject) {
    char[] password = credentials.password(name).toCharArray();
    Optional<User> existing = store.users().findByName(domain.id(), name);
    User user = existing.orElseGet(() -> store.users().create(
        new User(Ids.random(), name, domain.id(), true, defaultProject.id(), "demo user", null), password));
    if (existing.isPresent() && !store.users().verifyPassword(user.id(), password)) {
      store.users().setPassword(user.id(), password);
    }
    Principal kerberos = Principal.kerberos(name + "@" + REALM);
    if (store.users().findUserByPrincipal(kerberos.kind(), kerberos.value()).isEmpty()) {
      store.users().bindPrincipal(user.id(), kerberos);
    }
    return user;
  }

  private void grant(Role role, Actor actor, Target target, boolean inherited) {
    StandardRoles.grant(store, role, actor, target, inherited);
  }
}
