package io.tokenless.roles.model;

/** Who a role is assigned to: a user or a group. */
public record Actor(Type type, String id) {
  public enum Type {
    USER, GROUP;

    /** The lowercase name stored in the database and used by Keystone's API. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Actor {
    java.util.Objects.requireNonNull(type, "type");
    Ids.require(id, type.key() + " id");
  }

  public static Actor user(String id) {
    return new Actor(Type.USER, id);
  }

  public static Actor group(String id) {
    return new Actor(Type.GROUP, id);
  }
}
