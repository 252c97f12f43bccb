package io.tokenless.roles.model;

import java.util.Locale;
import java.util.Objects;

/** What a role is assigned on: a project, a domain or the system ({@code all}). */
public record Target(Type type, String id) {
  public enum Type {
    PROJECT, DOMAIN, SYSTEM;

    /** The lowercase name stored in the database. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Type ofKey(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  public Target {
    Objects.requireNonNull(type, "type");
    if (type == Type.SYSTEM) {
      if (!SystemScope.ID.equals(id)) {
        throw new io.tokenless.error.BadRequestException("the only system target is 'all'");
      }
    } else {
      Ids.require(id, type.key() + " id");
    }
  }

  public static Target project(String id) {
    return new Target(Type.PROJECT, id);
  }

  public static Target domain(String id) {
    return new Target(Type.DOMAIN, id);
  }

  public static Target system() {
    return new Target(Type.SYSTEM, SystemScope.ID);
  }

  /** The scope a token or lookup would name for this target. */
  public Scope scope() {
    return switch (type) {
      case PROJECT -> new ProjectScope(id);
      case DOMAIN -> new DomainScope(id);
      case SYSTEM -> SystemScope.ALL;
    };
  }
}
