package io.tokenless.roles.http;

import io.tokenless.error.BadRequestException;
import io.tokenless.roles.model.PrincipalKind;
import java.util.function.Function;

/**
 * One question to the lookup API, as the caller phrased it: a user (by id or bound principal)
 * and a scope (project by id or by name in a domain, domain by id or name, or the system).
 * Parameter names are those of {@code GET /v1/lookup}.
 */
record LookupQuery(String userId, PrincipalKind principalKind, String principal, String projectId,
    String projectName, String projectDomain, String domain, boolean system) {

  static final int MAX_VALUE_LENGTH = 1024;

  /** Every parameter a query may name. */
  static final java.util.Set<String> PARAMETERS = java.util.Set.of("user_id", "principal", "principal_kind",
      "project_id", "project_name", "project_domain", "domain_id", "domain_name", "system");

  LookupQuery {
    if ((userId == null) == (principal == null)) {
      throw new BadRequestException("give exactly one of user_id and principal");
    }
    int scopes = (projectId != null ? 1 : 0) + (projectName != null ? 1 : 0) + (domain != null ? 1 : 0)
        + (system ? 1 : 0);
    if (scopes != 1) {
      throw new BadRequestException("give exactly one of project_id, project_name, domain_id and system=all");
    }
    if (projectName != null && projectDomain == null) {
      throw new BadRequestException("project_name requires project_domain (a domain id or name)");
    }
    if (projectDomain != null && projectName == null) {
      throw new BadRequestException("project_domain is only meaningful with project_name");
    }
  }

  /** Reads a query from named parameters; {@code get} answers {@code null} for an absent one. */
  static LookupQuery from(Function<String, String> get) {
    String system = value(get, "system");
    if (system != null && !system.equals("all")) {
      throw new BadRequestException("system must be 'all'");
    }
    String kind = value(get, "principal_kind");
    String domainId = value(get, "domain_id");
    String domainName = value(get, "domain_name");
    if (domainId != null && domainName != null) {
      throw new BadRequestException("give at most one of domain_id and domain_name");
    }
    return new LookupQuery(value(get, "user_id"),
        kind == null ? PrincipalKind.KERBEROS : PrincipalKind.ofKey(kind),
        value(get, "principal"), value(get, "project_id"), value(get, "project_name"),
        value(get, "project_domain"), domainId != null ? domainId : domainName, system != null);
  }

  private static String value(Function<String, String> get, String name) {
    String value = get.apply(name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      throw new BadRequestException(name + " must be 1 to " + MAX_VALUE_LENGTH + " characters");
    }
    return value;
  }
}
