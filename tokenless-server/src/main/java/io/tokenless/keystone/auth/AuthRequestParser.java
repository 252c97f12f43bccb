package io.tokenless.keystone.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.keystone.auth.AuthRequest.Credential;
import io.tokenless.keystone.auth.AuthRequest.DomainRef;
import io.tokenless.keystone.auth.AuthRequest.ScopeRequest;
import io.tokenless.keystone.auth.AuthRequest.UserRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads Keystone's auth request body. Malformed bodies are {@code 400} with Keystone's
 * "Invalid input for field" wording; a method we do not support is left for the token service
 * to refuse with 401, as Keystone does.
 */
final class AuthRequestParser {

  static final Set<String> EXTERNAL_METHODS = Set.of("kerberos", "x509");

  private AuthRequestParser() {}

  static AuthRequest parse(JsonNode body) {
    JsonNode auth = object(body, "auth", "auth");
    JsonNode identity = object(auth, "identity", "identity");
    JsonNode methodsNode = identity.get("methods");
    if (methodsNode == null || !methodsNode.isArray() || methodsNode.isEmpty()) {
      throw invalid("identity", "'methods' must be a non-empty list");
    }
    Set<String> methods = new LinkedHashSet<>();
    for (JsonNode method : methodsNode) {
      if (!method.isTextual()) {
        throw invalid("methods", "every method must be a string");
      }
      methods.add(method.asText());
    }
    List<Credential> credentials = new ArrayList<>();
    for (String method : methods) {
      credentials.add(credential(identity, method));
    }
    return new AuthRequest(List.copyOf(methods), credentials, scope(auth.get("scope")));
  }

  private static Credential credential(JsonNode identity, String method) {
    return switch (method) {
      case "password" -> {
        JsonNode user = object(object(identity, "password", "password"), "user", "user");
        String password = text(user, "password", true);
        yield new AuthRequest.PasswordCredential(userRef(user), password.toCharArray());
      }
      case "token" -> new AuthRequest.TokenCredential(text(object(identity, "token", "token"), "id", true));
      case "application_credential" -> applicationCredential(object(identity, "application_credential",
          "application_credential"));
      default -> new AuthRequest.ExternalCredential(method);
    };
  }

  /** Keystone's schema: {@code secret} always; {@code id}, or {@code name} with its {@code user}. */
  private static Credential applicationCredential(JsonNode credential) {
    String id = text(credential, "id", false);
    String name = text(credential, "name", false);
    JsonNode user = credential.get("user");
    if (user != null && !user.isNull() && !user.isObject()) {
      throw invalid("user", "'user' must be an object");
    }
    UserRef owner = user == null || user.isNull() ? null : userRef(user);
    if (id == null && name == null) {
      throw invalid("application_credential", "either 'id' or 'name' is required");
    }
    if (id == null && owner == null) {
      throw invalid("application_credential", "an application credential given by name needs its 'user'");
    }
    String secret = text(credential, "secret", true);
    return new AuthRequest.ApplicationCredentialCredential(id, id == null ? name : null, owner, secret.toCharArray());
  }

  private static UserRef userRef(JsonNode user) {
    String id = text(user, "id", false);
    if (id != null) {
      return new UserRef(id, null, null);
    }
    String name = text(user, "name", false);
    if (name == null) {
      throw invalid("user", "either 'id' or 'name' is required");
    }
    JsonNode domain = user.get("domain");
    if (domain == null || !domain.isObject()) {
      throw invalid("user", "a user given by name needs its 'domain'");
    }
    return new UserRef(null, name, domainRef(domain));
  }

  private static DomainRef domainRef(JsonNode domain) {
    String id = text(domain, "id", false);
    String name = text(domain, "name", false);
    if (id == null && name == null) {
      throw invalid("domain", "either 'id' or 'name' is required");
    }
    return new DomainRef(id, id == null ? name : null);
  }

  private static ScopeRequest scope(JsonNode scope) {
    if (scope == null || scope.isNull()) {
      return new AuthRequest.NoScope();
    }
    if (scope.isTextual() && scope.asText().equals("unscoped")) {
      return new AuthRequest.UnscopedRequest();
    }
    if (!scope.isObject()) {
      throw invalid("scope", "must be an object or \"unscoped\"");
    }
    int kinds = (scope.has("project") ? 1 : 0) + (scope.has("domain") ? 1 : 0)
        + (scope.has("system") ? 1 : 0) + (scope.has("OS-TRUST:trust") ? 1 : 0);
    if (kinds > 1) {
      throw new BadRequestException("Specify either a project, a domain or the system scope, not several.");
    }
    if (scope.has("OS-TRUST:trust")) {
      return new AuthRequest.TrustRequest(text(object(scope, "OS-TRUST:trust", "OS-TRUST:trust"), "id", true));
    }
    if (scope.has("project")) {
      JsonNode project = object(scope, "project", "project");
      String id = text(project, "id", false);
      if (id != null) {
        return new AuthRequest.ProjectRequest(id, null, null);
      }
      String name = text(project, "name", false);
      if (name == null) {
        throw invalid("project", "either 'id' or 'name' is required");
      }
      JsonNode domain = project.get("domain");
      if (domain == null || !domain.isObject()) {
        throw invalid("project", "a project given by name needs its 'domain'");
      }
      return new AuthRequest.ProjectRequest(null, name, domainRef(domain));
    }
    if (scope.has("domain")) {
      return new AuthRequest.DomainRequest(domainRef(object(scope, "domain", "domain")));
    }
    if (scope.has("system")) {
      JsonNode system = object(scope, "system", "system");
      if (!system.path("all").asBoolean(false)) {
        throw invalid("system", "only {\"all\": true} is a system scope");
      }
      return new AuthRequest.SystemRequest();
    }
    // An empty scope object, as some clients send: no scope.
    return new AuthRequest.NoScope();
  }

  private static JsonNode object(JsonNode parent, String name, String field) {
    JsonNode node = parent == null ? null : parent.get(name);
    if (node == null || !node.isObject()) {
      throw invalid(field, "'" + name + "' is a required object");
    }
    return node;
  }

  private static String text(JsonNode parent, String name, boolean required) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw invalid(name, "'" + name + "' is a required property");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(name, "'" + name + "' must be a string");
    }
    return node.asText();
  }

  private static BadRequestException invalid(String field, String why) {
    return new BadRequestException("Invalid input for field '" + field + "': " + why);
  }
}
