package io.tokenless.roles.model;

/**
 * A user of a domain. The password hash is deliberately not part of this record: it is only
 * ever read by the store's password check, so no serialiser or log line can pick it up.
 *
 * @param defaultProjectId the project a token is scoped to when none is asked for, or {@code null}
 * @param description      free text, may be {@code null}
 * @param extraJson        further Keystone attributes (e.g. {@code email}) as a JSON object, or
 *                         {@code null}
 */
public record User(String id, String name, String domainId, boolean enabled, String defaultProjectId,
    String description, String extraJson) {
  public User {
    Ids.require(id, "user id");
    Ids.require(domainId, "domain id");
    Names.require(name, Names.IDENTITY_MAX, "user");
  }
}
