package io.tokenless.gateway;

import io.tokenless.roles.model.ProjectScope;
import io.tokenless.roles.model.ScopeInfo;
import io.tokenless.roles.model.SystemScope;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * keystonemiddleware's identity headers, as an upstream service reads them. Whatever the client
 * sent under these names is removed first: an upstream trusts them because only the gateway
 * can have set them. Credentials (Authorization, X-Auth-Token) are removed too, so no user
 * credential travels past the gateway.
 */
final class IdentityHeaders {
  /** Header name prefixes (lowercase) that carry identity or credentials; all are dropped. */
  private static final List<String> STRIPPED_PREFIXES = List.of(
      "x-identity-status", "x-service-", "x-user", "x-project-", "x-domain-", "x-tenant", "x-role",
      "x-is-admin-project", "x-system-scope", "x-authenticated-", "x-on-behalf-of-", "x-trust", "x-auth-token",
      "x-subject-token", "x-storage-token", "authorization", "openstack-system-scope", "x-openstack-request-id",
      // A client certificate as a TLS-terminating proxy forwards it: an upstream that trusts the
      // gateway's address for it would otherwise take a client's word for who it is.
      "x-ssl-client-");

  static final HttpString ON_BEHALF_OF = new HttpString("X-On-Behalf-Of-User-Id");

  private IdentityHeaders() {}

  /** Removes every identity and credential header the client sent. */
  static void strip(HeaderMap headers) {
    List<HttpString> doomed = new ArrayList<>();
    for (HeaderValues values : headers) {
      String name = values.getHeaderName().toString().toLowerCase(Locale.ROOT);
      if (STRIPPED_PREFIXES.stream().anyMatch(name::startsWith)) {
        doomed.add(values.getHeaderName());
      }
    }
    doomed.forEach(headers::remove);
  }

  /** Sets the headers for {@code identity}; {@link #strip} must have run first. */
  static void apply(HeaderMap headers, ForwardedIdentity identity, Optional<String> adminProjectId,
      String requestId) {
    put(headers, "X-Identity-Status", "Confirmed");
    put(headers, "X-User-Id", identity.userId());
    put(headers, "X-User-Name", identity.userName());
    put(headers, "X-User-Domain-Id", identity.userDomainId());
    put(headers, "X-User-Domain-Name", identity.userDomainName());
    put(headers, "X-Roles", String.join(",", identity.roles()));
    put(headers, "X-Authenticated-Mechanism", identity.mechanism());
    put(headers, "X-OpenStack-Request-Id", requestId);
    identity.scope().ifPresent(scope -> scope(headers, scope, adminProjectId));
    if (identity.scope().isEmpty() || !(identity.scope().get().scope() instanceof ProjectScope)) {
      put(headers, "X-Is-Admin-Project", "False");
    }
    identity.service().ifPresent(service -> {
      put(headers, "X-Service-Identity-Status", "Confirmed");
      put(headers, "X-Service-User-Id", service.userId());
      put(headers, "X-Service-User-Name", service.userName());
      put(headers, "X-Service-Project-Id", service.projectId());
      put(headers, "X-Service-Roles", String.join(",", service.roles()));
    });
  }

  private static void scope(HeaderMap headers, ScopeInfo scope, Optional<String> adminProjectId) {
    if (scope.scope() instanceof ProjectScope project) {
      put(headers, "X-Project-Id", project.targetId());
      put(headers, "X-Project-Name", scope.name());
      put(headers, "X-Project-Domain-Id", scope.domainId());
      put(headers, "X-Project-Domain-Name", scope.domainName());
      // Keystone without admin_project_name treats every project token as the admin project.
      boolean admin = adminProjectId.map(id -> id.equals(project.targetId())).orElse(true);
      put(headers, "X-Is-Admin-Project", admin ? "True" : "False");
    } else if (scope.scope() instanceof SystemScope) {
      put(headers, "X-System-Scope", "all");
    } else {
      put(headers, "X-Domain-Id", scope.scope().targetId());
      put(headers, "X-Domain-Name", scope.name());
    }
  }

  private static void put(HeaderMap headers, String name, String value) {
    if (value != null) {
      headers.put(new HttpString(name), value);
    }
  }
}
