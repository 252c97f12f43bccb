package io.tokenless.config;

import io.tokenless.mapping.MappingRule;
import java.util.List;

/**
 * Identity mapping rules for Kerberos and certificate principals, tried in order; the first
 * rule that matches decides. A principal bound to a user explicitly (an external principal of
 * the user, or a pinned certificate) needs no rule.
 *
 * @param rules the rules as written in the configuration
 */
public record MappingConfig(List<MappingRule> rules) {
  public MappingConfig {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public static MappingConfig none() {
    return new MappingConfig(List.of());
  }
}
