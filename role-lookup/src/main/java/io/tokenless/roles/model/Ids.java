package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;
import java.util.UUID;

/**
 * Identifiers as Keystone makes them: a random UUID as 32 lowercase hex digits. Imported data
 * may carry other ids Keystone accepted (the default domain is {@code default}), so an explicit
 * id is accepted when it fits Keystone's column: 1 to 64 characters of letters, digits,
 * {@code -} and {@code _}.
 */
public final class Ids {
  /** The id of the domain Keystone creates on bootstrap. */
  public static final String DEFAULT_DOMAIN = "default";

  /** Keystone's id column is 64 characters wide. */
  public static final int MAX_LENGTH = 64;

  private Ids() {}

  /** A fresh id: 32 lowercase hex digits. */
  public static String random() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** {@code explicit} when given and valid, a fresh id when {@code null}. */
  public static String orRandom(String explicit) {
    if (explicit == null) {
      return random();
    }
    return require(explicit, "id");
  }

  /** Checks an id supplied by a caller; a malformed one is a {@link BadRequestException}. */
  public static String require(String id, String what) {
    if (!plausible(id)) {
      throw new BadRequestException(what + " must be 1 to 64 letters, digits, '-' or '_'");
    }
    return id;
  }

  /** Whether {@code id} could name anything at all; lookups of other strings find nothing. */
  public static boolean plausible(String id) {
    // By hand rather than with a regular expression: every token validation checks its ids.
    if (id == null || id.isEmpty() || id.length() > 64) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
