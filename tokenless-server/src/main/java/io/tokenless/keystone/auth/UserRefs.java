package io.tokenless.keystone.auth;

import io.tokenless.keystone.auth.AuthRequest.DomainRef;
import io.tokenless.keystone.auth.AuthRequest.UserRef;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.util.Optional;

/** Finds the users and domains an auth request names, by id or by name. */
final class UserRefs {
  private final RoleStore store;

  UserRefs(RoleStore store) {
    this.store = store;
  }

  Optional<User> user(UserRef ref) {
    if (ref.id() != null) {
      return store.users().find(ref.id());
    }
    return domain(ref.domain()).flatMap(d -> store.users().findByName(d.id(), ref.name()));
  }

  Optional<Domain> domain(DomainRef ref) {
    return ref.id() != null ? store.domains().find(ref.id()) : store.domains().findByName(ref.name());
  }
}
