package io.tokenless.keystone.auth;

import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import java.util.Objects;

/** What a token is scoped to, with the current names Keystone puts in the body. */
public sealed interface TokenScope {

  /** No scope: no roles, no catalog. */
  record Unscoped() implements TokenScope {}

  /** A project and the domain it belongs to. */
  record ProjectScope(Project project, Domain domain) implements TokenScope {
    public ProjectScope {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(domain, "domain");
    }
  }

  /** A domain. */
  record DomainScope(Domain domain) implements TokenScope {
    public DomainScope {
      Objects.requireNonNull(domain, "domain");
    }
  }

  /** The whole deployment: Keystone's {@code system: all}. */
  record SystemScope() implements TokenScope {}
}
