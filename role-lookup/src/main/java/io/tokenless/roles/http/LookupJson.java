package io.tokenless.roles.http;

import io.tokenless.error.TokenlessException;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.ScopeInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of lookup answers, shared by the single and the batch endpoint. */
final class LookupJson {
  private LookupJson() {}

  static Map<String, Object> answer(EffectiveRoles roles) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", Map.of(
        "id", roles.user().id(),
        "name", roles.user().name(),
        "domain", Map.of("id", roles.user().domainId(), "name", roles.user().domainName())));
    body.put("scope", scope(roles.scope()));
    List<Map<String, String>> list = new ArrayList<>(roles.roles().size());
    for (RoleRef role : roles.roles()) {
      list.add(Map.of("id", role.id(), "name", role.name()));
    }
    body.put("roles", list);
    body.put("revision", roles.revision());
    return body;
  }

  /** Keystone's token scope shape: {@code project} with its domain, {@code domain}, or {@code system}. */
  private static Map<String, Object> scope(ScopeInfo info) {
    return switch (info.scope().targetType()) {
      case PROJECT -> Map.of("project", Map.of(
          "id", info.scope().targetId(),
          "name", info.name(),
          "domain", Map.of("id", info.domainId(), "name", info.domainName())));
      case DOMAIN -> Map.of("domain", Map.of("id", info.scope().targetId(), "name", info.name()));
      case SYSTEM -> Map.of("system", Map.of("all", true));
    };
  }

  /** One failed query of a batch, in the problem-detail vocabulary. */
  static Map<String, Object> error(TokenlessException failure) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("status", failure.status());
    problem.put("title", failure.title());
    problem.put("detail", failure.getMessage());
    return Map.of("error", problem);
  }
}
