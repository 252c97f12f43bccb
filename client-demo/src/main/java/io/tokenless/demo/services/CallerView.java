package io.tokenless.demo.services;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a demo service knows about its caller: only what the gateway put in keystonemiddleware's
 * headers. A service behind the gateway never sees a credential.
 *
 * @param serviceUserId the service acting for the user, when one does; otherwise {@code null}
 */
public record CallerView(String userId, String userName, String userDomainName, String projectId,
    String projectName, List<String> roles, String mechanism, String serviceUserId, String serviceUserName,
    List<String> serviceRoles) {

  /** Reads the identity headers of a request the gateway confirmed; empty fields stay {@code null}. */
  public static CallerView of(HttpServerExchange exchange) {
    HeaderMap headers = exchange.getRequestHeaders();
    return new CallerView(headers.getFirst("X-User-Id"), headers.getFirst("X-User-Name"),
        headers.getFirst("X-User-Domain-Name"), headers.getFirst("X-Project-Id"), headers.getFirst("X-Project-Name"),
        list(headers.getFirst("X-Roles")), headers.getFirst("X-Authenticated-Mechanism"),
        headers.getFirst("X-Service-User-Id"), headers.getFirst("X-Service-User-Name"),
        list(headers.getFirst("X-Service-Roles")));
  }

  /** The gateway vouched for this request. */
  public static boolean confirmed(HttpServerExchange exchange) {
    return "Confirmed".equals(exchange.getRequestHeaders().getFirst("X-Identity-Status"));
  }

  private static List<String> list(String value) {
    return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("user_id", userId);
    json.put("user_name", userName);
    json.put("user_domain_name", userDomainName);
    json.put("project_id", projectId);
    json.put("project_name", projectName);
    json.put("roles", roles);
    json.put("mechanism", mechanism);
    if (serviceUserId != null) {
      json.put("service_user_id", serviceUserId);
      json.put("service_user_name", serviceUserName);
      json.put("service_roles", serviceRoles);
    }
    return json;
  }
}
