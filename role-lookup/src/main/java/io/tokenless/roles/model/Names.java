package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;

/** Name rules from Keystone's schema: non-blank, within the column width. */
public final class Names {
  /** Domain and project names: Keystone's {@code project.name} is 64 characters. */
  public static final int RESOURCE_MAX = 64;
  /** User, group and role names: 255 characters in Keystone. */
  public static final int IDENTITY_MAX = 255;

  private Names() {}

  /** Returns {@code name} if it is non-blank and at most {@code max} characters, else a 400. */
  public static String require(String name, int max, String what) {
    if (name == null || name.isBlank()) {
      throw new BadRequestException(what + " name must not be empty");
    }
    if (name.codePointCount(0, name.length()) > max) {
      throw new BadRequestException(what + " name must be at most " + max + " characters");
    }
    return name;
  }
}
