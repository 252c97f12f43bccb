package io.tokenless.keystone.auth;

import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import java.util.List;
import java.util.Objects;

/**
 * Whose roles a token carries: the user's own, those a trust lends, or those an application
 * credential carries. Keystone's token body shows the delegation ({@code OS-TRUST:trust},
 * {@code application_credential}) and, for a trust, full role entries.
 */
public sealed interface Delegation {

  /** No delegation: the user's own effective roles. */
  Delegation NONE = new Own();

  /** The user's own roles. */
  record Own() implements Delegation {}

  /**
   * A trust, with its trustor as of now and the roles it lends now (full entries, sorted by name).
   * With {@code impersonation} the token shows the trustor as its user.
   */
  record ByTrust(Trust trust, User trustor, Domain trustorDomain, List<Role> roles) implements Delegation {
    public ByTrust {
      Objects.requireNonNull(trust, "trust");
      Objects.requireNonNull(trustor, "trustor");
      Objects.requireNonNull(trustorDomain, "trustorDomain");
      roles = List.copyOf(roles);
    }
  }

  /** An application credential of the token's user. */
  record ByApplicationCredential(ApplicationCredential credential) implements Delegation {
    public ByApplicationCredential {
      Objects.requireNonNull(credential, "credential");
    }

    /**
     * Whether the credential limits which service APIs its tokens may call. Keystone answers
     * such tokens only to a validator that says it enforces access rules.
     */
    public boolean hasAccessRules() {
      return credential.accessRulesJson() != null;
    }
  }
}
