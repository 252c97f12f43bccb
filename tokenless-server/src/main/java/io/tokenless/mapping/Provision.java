package io.tokenless.mapping;

import java.util.Locale;

/** What happens when a rule yields a user that does not exist. */
public enum Provision {
  /** The request is refused ({@code 401}): users are created by an administrator. The default. */
  REJECT,
  /** A shadow user is created in the domain on first sight, as Keystone does for federated users. */
  SHADOW;

  /** Parses {@code reject} or {@code shadow} (any case), as written in configuration. */
  public static Provision parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MappingConfigException("provision: expected reject or shadow, was '" + value + "'");
    }
  }
}
