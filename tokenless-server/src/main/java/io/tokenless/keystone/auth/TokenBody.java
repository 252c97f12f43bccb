package io.tokenless.keystone.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.tokenless.catalog.CatalogEndpoint;
import io.tokenless.catalog.CatalogService;
import io.tokenless.fernet.KeystoneTime;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.web.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keystone 22's token body, field for field as its recorded responses show them
 * ({@code render_token.py}): unscoped tokens carry neither roles nor catalog; project tokens add
 * {@code is_domain: false}; times are {@code YYYY-MM-DDTHH:MM:SS.000000Z};
 * {@code password_expires_at} is always present. A trust token shows {@code OS-TRUST:trust}
 * before its project, no {@code is_domain}, full role entries, and the trustor as {@code user}
 * when the trust impersonates; an application-credential token ends with
 * {@code application_credential}.
 */
final class TokenBody {

  /** The catalog list last rendered, and its JSON. */
  private record Rendered(List<CatalogService> source, RawValue json) {}

  // The catalog is the larger half of a token body and changes rarely: CatalogStore hands out the
  // same list until it changes, so its JSON is rendered once per list, not once per response.
  private static final AtomicReference<Rendered> LAST_CATALOG = new AtomicReference<>();

  private TokenBody() {}

  /** {@code {"token": {...}}}; {@code catalog} is left out when null or for unscoped tokens. */
  static Map<String, Object> of(ValidToken token, List<CatalogService> catalog) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("methods", token.methods());
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("domain", ref(token.actingUserDomain().id(), token.actingUserDomain().name()));
    user.put("id", token.actingUser().id());
    user.put("name", token.actingUser().name());
    user.put("password_expires_at", null);
    body.put("user", user);
    body.put("audit_ids", token.auditIds());
    body.put("expires_at", KeystoneTime.render(token.expiresAt()));
    body.put("issued_at", KeystoneTime.render(token.issuedAt()));
    boolean scoped = true;
    if (token.delegation() instanceof Delegation.ByTrust trust
        && token.scope() instanceof TokenScope.ProjectScope p) {
      body.put("OS-TRUST:trust", trust(trust));
      body.put("project", project(p.project(), p.domain()));
      body.put("roles", fullRoles(trust.roles()));
      if (catalog != null) {
        body.put("catalog", catalogJson(catalog));
      }
      return Map.of("token", body);
    }
    if (token.scope() instanceof TokenScope.ProjectScope p) {
      body.put("project", project(p.project(), p.domain()));
      body.put("is_domain", false);
    } else if (token.scope() instanceof TokenScope.DomainScope d) {
      body.put("domain", ref(d.domain().id(), d.domain().name()));
    } else if (token.scope() instanceof TokenScope.SystemScope) {
      body.put("system", Map.of("all", true));
    } else {
      scoped = false;
    }
    if (scoped) {
      body.put("roles", roles(token.roles()));
      if (catalog != null) {
        body.put("catalog", catalogJson(catalog));
      }
    }
    if (token.delegation() instanceof Delegation.ByApplicationCredential credential) {
      body.put("application_credential", applicationCredential(credential));
    }
    return Map.of("token", body);
  }

  private static Map<String, Object> trust(Delegation.ByTrust trust) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("id", trust.trust().id());
    section.put("trustor_user", Map.of("id", trust.trust().trustorUserId()));
    section.put("trustee_user", Map.of("id", trust.trust().trusteeUserId()));
    section.put("impersonation", trust.trust().impersonation());
    return section;
  }

  /**
   * Keystone puts whole role records into a trust token. Role options are not modelled here, so
   * {@code options} is empty where Keystone shows its bootstrap roles as {@code immutable}.
   */
  private static List<Map<String, Object>> fullRoles(List<Role> roles) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Role role : roles) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", role.id());
      entry.put("name", role.name());
      entry.put("domain_id", role.domainId());
      entry.put("description", role.description());
      entry.put("options", Map.of());
      list.add(entry);
    }
    return list;
  }

  private static Map<String, Object> applicationCredential(Delegation.ByApplicationCredential delegation) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("id", delegation.credential().id());
    section.put("name", delegation.credential().name());
    section.put("restricted", delegation.credential().restricted());
    if (delegation.hasAccessRules()) {
      section.put("access_rules", accessRules(delegation.credential().accessRulesJson()));
    }
    return section;
  }

  static Map<String, Object> project(Project project, Domain domain) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("domain", ref(domain.id(), domain.name()));
    body.put("id", project.id());
    body.put("name", project.name());
    return body;
  }

  static List<Map<String, Object>> roles(List<RoleRef> roles) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (RoleRef role : roles) {
      list.add(ref(role.id(), role.name()));
    }
    return list;
  }

  private static RawValue catalogJson(List<CatalogService> services) {
    Rendered last = LAST_CATALOG.get();
    if (last != null && last.source() == services) {
      return last.json();
    }
    try {
      RawValue json = new RawValue(Json.MAPPER.writeValueAsString(catalog(services)));
      LAST_CATALOG.set(new Rendered(services, json));
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("catalog not serialisable", e);
    }
  }

  /** Keystone's v3 catalog: services with their endpoints, {@code region} repeating the id. */
  static List<Map<String, Object>> catalog(List<CatalogService> services) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (CatalogService service : services) {
      List<Map<String, Object>> endpoints = new ArrayList<>();
      for (CatalogEndpoint endpoint : service.endpoints()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", endpoint.id());
        e.put("interface", endpoint.iface());
        e.put("region_id", endpoint.regionId());
        e.put("url", endpoint.url());
        e.put("region", endpoint.regionId());
        endpoints.add(e);
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("endpoints", endpoints);
      s.put("id", service.id());
      s.put("type", service.type());
      s.put("name", service.name());
      list.add(s);
    }
    return list;
  }

  private static Map<String, Object> ref(String id, String name) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("id", id);
    ref.put("name", name);
    return ref;
  }

  private static JsonNode accessRules(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Written by the store from parsed JSON: unreadable means the database was edited by hand.
      throw new IllegalStateException("stored access rules are not JSON", e);
    }
  }
}
