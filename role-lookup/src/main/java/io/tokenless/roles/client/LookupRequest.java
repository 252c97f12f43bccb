package io.tokenless.roles.client;

import io.tokenless.roles.model.PrincipalKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A question for the lookup API: who (user id, or a bound principal) and where (project id,
 * project name in a domain, domain, or the system). Build with the static factories and
 * {@code on...} methods: {@code LookupRequest.user(id).onProject(projectId)}.
 */
public record LookupRequest(Map<String, String> parameters) {
  public LookupRequest {
    parameters = Map.copyOf(parameters);
  }

  /** Who: a user id. Complete with one of the {@code on...} methods. */
  public static Who user(String userId) {
    return new Who(Map.of("user_id", Objects.requireNonNull(userId)));
  }

  /** Who: the user bound to a Kerberos principal or certificate identity. */
  public static Who principal(PrincipalKind kind, String value) {
    return new Who(Map.of("principal", Objects.requireNonNull(value), "principal_kind", kind.key()));
  }

  /** The first half of a request. */
  public record Who(Map<String, String> parameters) {
    public LookupRequest onProject(String projectId) {
      return with("project_id", projectId);
    }

    public LookupRequest onProjectNamed(String domainIdOrName, String projectName) {
      Map<String, String> all = new LinkedHashMap<>(parameters);
      all.put("project_name", projectName);
      all.put("project_domain", domainIdOrName);
      return new LookupRequest(all);
    }

    public LookupRequest onDomain(String domainId) {
      return with("domain_id", domainId);
    }

    public LookupRequest onSystem() {
      return with("system", "all");
    }

    private LookupRequest with(String name, String value) {
      Map<String, String> all = new LinkedHashMap<>(parameters);
      all.put(name, Objects.requireNonNull(value));
      return new LookupRequest(all);
    }
  }
}
