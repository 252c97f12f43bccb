package io.tokenless.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A parsed template: literal text and {@code {NAME}} placeholders, {@code {{} / {@code }}} for
 * literal braces. Parsed once when the rules are built, so a typo fails at start-up. Values are
 * inserted as they are, never parsed again: a value containing {@code {KRB5_REALM}} stays that
 * text.
 */
final class Template {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private sealed interface Part permits Literal, Placeholder {}

  private record Literal(String text) implements Part {}

  private record Placeholder(String name) implements Part {}

  private final List<Part> parts;

  private Template(List<Part> parts) {
    this.parts = List.copyOf(parts);
  }

  /**
   * Parses {@code text}; every placeholder must be in {@code known}.
   *
   * @param path where the template is in the configuration, for the error message
   */
  static Template parse(String text, String path, Set<String> known) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw new MappingConfigException(path + ": unclosed '{' at position " + i + " in '" + text + "'");
        }
        String name = text.substring(i + 1, close);
        if (!NAME.matcher(name).matches()) {
          throw new MappingConfigException(path + ": '{" + name + "}' is not a placeholder (use {{ for a literal brace)");
        }
        if (!known.contains(name)) {
          throw new MappingConfigException(path + ": unknown placeholder {" + name + "}; known: " + new java.util.TreeSet<>(known));
        }
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Placeholder(name));
        i = close + 1;
      } else if (c == '}') {
        throw new MappingConfigException(path + ": lone '}' at position " + i + " in '" + text + "' (use }} for a literal brace)");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(parts);
  }

  /** The text with every placeholder filled, or empty when one has no value or an empty one. */
  Optional<String> render(Function<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else {
        String value = values.apply(((Placeholder) part).name());
        if (value == null || value.isEmpty()) {
          return Optional.empty();
        }
        out.append(value);
      }
    }
    return Optional.of(out.toString());
  }
}
