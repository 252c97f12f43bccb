package io.tokenless.mapping;

import java.util.List;
import java.util.Objects;

/**
 * One test on one attribute of the authenticated principal. Exactly one of the tests is set:
 * <ul>
 *   <li>{@code equals}: the value is exactly this (case-sensitive);</li>
 *   <li>{@code regex}: the whole value matches this Java regular expression; its named groups
 *       ({@code (?<user>...)}) can be used in the rule's templates as {@code {user}};</li>
 *   <li>{@code anyOf}: the value is one of these;</li>
 *   <li>{@code present}: {@code true} when the attribute has a non-empty value, {@code false}
 *       when it is missing or empty (a Kerberos principal without instance has an empty
 *       {@code KRB5_INSTANCE}).</li>
 * </ul>
 * A missing attribute fails every test but {@code present: false}.
 */
public record AttributeCondition(String attribute, String equals, String regex, List<String> anyOf, Boolean present) {
  public AttributeCondition {
    if (attribute == null || attribute.isBlank()) {
      throw new MappingConfigException("attribute: required");
    }
    anyOf = anyOf == null ? null : List.copyOf(anyOf);
    int tests = (equals != null ? 1 : 0) + (regex != null ? 1 : 0) + (anyOf != null ? 1 : 0) + (present != null ? 1 : 0);
    if (tests != 1) {
      throw new MappingConfigException(attribute + ": give exactly one of equals, regex, anyOf, present");
    }
  }

  public static AttributeCondition equalTo(String attribute, String value) {
    return new AttributeCondition(attribute, Objects.requireNonNull(value), null, null, null);
  }

  public static AttributeCondition matching(String attribute, String regex) {
    return new AttributeCondition(attribute, null, Objects.requireNonNull(regex), null, null);
  }

  public static AttributeCondition anyOf(String attribute, String... values) {
    return new AttributeCondition(attribute, null, null, List.of(values), null);
  }

  public static AttributeCondition present(String attribute) {
    return new AttributeCondition(attribute, null, null, null, true);
  }

  public static AttributeCondition absent(String attribute) {
    return new AttributeCondition(attribute, null, null, null, false);
  }
}
