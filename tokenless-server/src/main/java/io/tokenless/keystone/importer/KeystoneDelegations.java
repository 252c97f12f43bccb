package io.tokenless.keystone.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Trust;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the trusts and application credentials of a Keystone export (Keystone's API shapes plus
 * the secret hash, as in the vectors' {@code fixture.json}) into the role model's records.
 * Keystone writes its times with or without a zone ({@code 2026-11-22T21:34:26.000000} is UTC);
 * both are read. What cannot become a token here — a trust without a project, a system-scoped
 * credential — is answered as empty so the import can count it and go on.
 */
final class KeystoneDelegations {

  private static final DateTimeFormatter KEYSTONE_TIME = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
      .optionalStart().appendOffsetId().optionalEnd()
      .toFormatter();

  private KeystoneDelegations() {}

  /** A trust, or empty for one without a project. */
  static Optional<Trust> trust(JsonNode t) {
    if (!t.path("project_id").isTextual()) {
      return Optional.empty();
    }
    return Optional.of(new Trust(text(t, "id"), text(t, "trustor_user_id"), text(t, "trustee_user_id"),
        text(t, "project_id"), t.path("impersonation").asBoolean(false), time(t, "expires_at"),
        integer(t, "remaining_uses"), optional(t, "redelegated_trust_id").orElse(null), integer(t, "redelegation_count"),
        roleIds(t), time(t, "deleted_at")));
  }

  /** An application credential, or empty for one not scoped to a project. */
  static Optional<ApplicationCredential> applicationCredential(JsonNode c) {
    if (!c.path("project_id").isTextual()) {
      return Optional.empty();
    }
    JsonNode rules = c.path("access_rules");
    String accessRules = rules.isArray() && !rules.isEmpty() ? rules.toString() : null;
    return Optional.of(new ApplicationCredential(text(c, "id"), text(c, "name"), text(c, "user_id"),
        text(c, "project_id"), optional(c, "description").orElse(null), time(c, "expires_at"),
        c.path("unrestricted").asBoolean(false), roleIds(c), accessRules));
  }

  /** The bcrypt hash Keystone keeps in {@code application_credential.secret_hash}. */
  static String secretHash(JsonNode c) {
    return text(c, "secret_hash");
  }

  /** Keystone's times: ISO local date-time, optionally with a zone; no zone means UTC. */
  static Instant parseTime(String value) {
    try {
      TemporalAccessor parsed = KEYSTONE_TIME.parseBest(value, java.time.OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof LocalDateTime local ? local.toInstant(ZoneOffset.UTC)
          : ((java.time.OffsetDateTime) parsed).toInstant();
    } catch (DateTimeParseException e) {
      throw new BadRequestException("import: not a Keystone time: " + value);
    }
  }

  private static Instant time(JsonNode node, String field) {
    return optional(node, field).map(KeystoneDelegations::parseTime).orElse(null);
  }

  private static Integer integer(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToInt()) {
      throw new BadRequestException("import: " + field + " is not an integer in " + node.path("id"));
    }
    return value.asInt();
  }

  private static List<String> roleIds(JsonNode node) {
    List<String> ids = new ArrayList<>();
    for (JsonNode role : node.path("roles")) {
      ids.add(text(role, "id"));
    }
    return ids;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BadRequestException("import: " + field + " missing in " + node.path("id"));
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
  }
}
