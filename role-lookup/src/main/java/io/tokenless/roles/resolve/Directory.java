package io.tokenless.roles.resolve;

import io.tokenless.roles.model.PrincipalKind;
import java.util.Optional;

/** Turns the names a caller uses into ids a {@link RoleLookup} takes. */
public interface Directory {

  /** The user bound to a Kerberos principal or certificate identity. */
  Optional<String> userIdByPrincipal(PrincipalKind kind, String value);

  /** A domain by id or, failing that, by name. */
  Optional<String> domainId(String idOrName);

  /** A project by name within a domain given by id or name. */
  Optional<String> projectIdByName(String domainIdOrName, String projectName);
}
