package io.tokenless.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzz target for mapping templates. The input is a template text, a newline, and the value
 * every placeholder takes. Parsing fails only with {@link MappingConfigException}; a template
 * that parses renders every placeholder with the value as it is (never parsed again); and the
 * escaped spelling of any text parses and renders back to that text.
 */
class TemplateFuzzTest {
  private static final Set<String> KNOWN = Set.of("KRB5_PRIMARY", "KRB5_REALM", "SSL_CLIENT_S_DN_CN");

  @FuzzTest(maxDuration = "5m")
  void anyTemplate_parsesAndRendersValuesVerbatim_orIsAConfigError(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String source = newline < 0 ? text : text.substring(0, newline);
    String value = newline < 0 ? "alice" : text.substring(newline + 1);

    Template template;
    try {
      template = Template.parse(source, "mapping.rules[0].user", KNOWN);
    } catch (MappingConfigException e) {
      assertThat(e.getMessage()).startsWith("mapping.rules[0].user: ");
      return;
    }
    Optional<String> rendered = template.render(name -> {
      assertThat(KNOWN).contains(name);
      return value;
    });
    if (!value.isEmpty()) {
      assertThat(rendered).isPresent();
      // The value is inserted verbatim; braces in it are not placeholders.
      if (source.contains("{KRB5_PRIMARY}") && !source.contains("{{KRB5_PRIMARY}")) {
        assertThat(rendered.get()).contains(value);
      }
    }

    String escaped = text.replace("{", "{{").replace("}", "}}");
    assertThat(Template.parse(escaped, "mapping.rules[0].user", KNOWN).render(name -> value)).hasValue(text);
  }
}
