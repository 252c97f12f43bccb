package io.tokenless.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Identity mapping rules, checked in order; the first rule that matches a principal decides.
 * Kept as parsed YAML here and compiled (and validated) by the mapping engine at start-up.
 *
 * @param rules the rules as written in the configuration
 */
public record MappingConfig(List<JsonNode> rules) {
  public MappingConfig {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  public static MappingConfig none() {
    return new MappingConfig(List.of());
  }
}
