package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.PathTemplateMatch;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Reading Keystone requests: path parameters, query filters with Keystone's truthiness rules,
 * and {@code {"<member>": {...}}} bodies whose fields are type-checked as Keystone's JSON
 * schemas do. Every malformed input is a {@link BadRequestException}.
 */
final class Requests {
  /** Values Keystone reads as false in boolean query filters such as {@code enabled}. */
  private static final Set<String> FALSE = Set.of("0", "f", "false", "n", "no", "off");

  private Requests() {}

  static String path(HttpServerExchange exchange, String name) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    String value = match == null ? null : match.getParameters().get(name);
    if (value == null) {
      throw new IllegalStateException("route has no path parameter " + name);
    }
    return value;
  }

  /** A query parameter's first value, or {@code null} when absent. */
  static String query(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** An attribute filter such as {@code enabled=false}; {@code null} when absent. */
  static Boolean queryBoolean(HttpServerExchange exchange, String name) {
    String value = query(exchange, name);
    if (value == null) {
      return null;
    }
    return !FALSE.contains(value.toLowerCase(Locale.ROOT));
  }

  /**
   * A flag such as {@code effective} or {@code include_names}: Keystone treats it as set when
   * present with any value but {@code 0} or {@code false} (so {@code ?effective} alone counts).
   */
  static boolean flag(HttpServerExchange exchange, String name) {
    String value = query(exchange, name);
    return value != null && !value.equalsIgnoreCase("false") && !value.equals("0");
  }

  /** The object under {@code member} in the request body, e.g. {@code project}. */
  static ObjectNode body(HttpServerExchange exchange, String member) {
    JsonNode tree = Json.readTree(exchange);
    JsonNode entity = tree.get(member);
    if (!tree.isObject() || entity == null || !entity.isObject()) {
      throw new BadRequestException("Expecting to find " + member + " in request body.");
    }
    return (ObjectNode) entity;
  }

  /** A string field: {@code null} when absent or JSON null, 400 when of another type. */
  static String string(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(field, "must be a string");
    }
    return value.textValue();
  }

  /** A string field that must be present and non-null. */
  static String requiredString(ObjectNode body, String field) {
    String value = string(body, field);
    if (value == null) {
      throw invalid(field, "is a required property");
    }
    return value;
  }

  /** A boolean field: {@code fallback} when absent, 400 when null or of another type. */
  static boolean bool(ObjectNode body, String field, boolean fallback) {
    JsonNode value = body.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw invalid(field, "must be a boolean");
    }
    return value.booleanValue();
  }

  /** Whether the body names the field at all (PATCH distinguishes absent from null). */
  static boolean has(ObjectNode body, String field) {
    return body.has(field);
  }

  /** A body may repeat the entity's id but not change it (Keystone's {@code _require_matching_id}). */
  static void requireMatchingId(ObjectNode body, String id) {
    if (body.has("id") && !id.equals(string(body, "id"))) {
      throw new BadRequestException("Cannot change ID");
    }
  }

  /** Keystone's wording for schema failures: "Invalid input for field 'name': ...". */
  static BadRequestException invalid(String field, String problem) {
    return new BadRequestException("Invalid input for field '" + field + "': " + problem + ".");
  }
}
