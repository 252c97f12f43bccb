package io.tokenless.gateway;

import io.tokenless.config.GatewayConfig;
import java.util.List;

/**
 * The compiled policy of one route: rules in order, the first whose method and path match
 * decides the role required. A route without a policy only requires authentication; a route
 * with one refuses what no rule matches, so a forgotten path is closed rather than open.
 */
final class RoutePolicy {
  private record CompiledRule(String method, PathPattern path, String role) {}

  private final List<CompiledRule> rules;

  private RoutePolicy(List<CompiledRule> rules) {
    this.rules = rules;
  }

  static RoutePolicy of(List<GatewayConfig.Rule> rules) {
    return new RoutePolicy(rules == null ? null
        : rules.stream().map(r -> new CompiledRule(r.method(), PathPattern.compile(r.path()), r.role())).toList());
  }

  /**
   * What a request needs.
   *
   * @param method the HTTP method
   * @param path   the path after the route's prefix, starting with {@code /}
   */
  Requirement requirement(String method, String path) {
    if (rules == null) {
      return new Requirement.AnyCaller();
    }
    for (CompiledRule rule : rules) {
      if ((rule.method().equals("*") || rule.method().equalsIgnoreCase(method)) && rule.path().matches(path)) {
        return new Requirement.Role(rule.role());
      }
    }
    return new Requirement.NoRule();
  }
}
