package io.tokenless.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.config.GatewayConfig.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {
  private final RoutePolicy policy = RoutePolicy.of(List.of(
      new Rule("POST", "/servers/**", "member"),
      new Rule("DELETE", "/servers/*", "admin"),
      new Rule(null, "/**", "reader")));

  @Test
  void firstMatchingRule_decidesTheRole() {
    assertThat(policy.requirement("POST", "/servers")).isEqualTo(new Requirement.Role("member"));
    assertThat(policy.requirement("post", "/servers/abc/action")).isEqualTo(new Requirement.Role("member"));
    assertThat(policy.requirement("DELETE", "/servers/abc")).isEqualTo(new Requirement.Role("admin"));
    assertThat(policy.requirement("GET", "/servers/abc")).isEqualTo(new Requirement.Role("reader"));
  }

  @Test
  void singleStar_staysWithinOneSegment() {
    assertThat(policy.requirement("DELETE", "/servers/abc/ports")).isEqualTo(new Requirement.Role("reader"));
  }

  @Test
  void aPolicyWithoutAMatchingRule_refuses() {
    RoutePolicy narrow = RoutePolicy.of(List.of(new Rule("GET", "/images/*", "reader")));

    assertThat(narrow.requirement("GET", "/images/cirros")).isEqualTo(new Requirement.Role("reader"));
    assertThat(narrow.requirement("PUT", "/images/cirros")).isEqualTo(new Requirement.NoRule());
    assertThat(narrow.requirement("GET", "/images.secret")).isEqualTo(new Requirement.NoRule());
  }

  @Test
  void aRouteWithoutPolicy_letsAnyAuthenticatedCallerThrough() {
    assertThat(RoutePolicy.of(null).requirement("DELETE", "/anything")).isEqualTo(new Requirement.AnyCaller());
  }
}
