package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;
import java.util.Locale;

/** The mechanism that proves an external principal. */
public enum PrincipalKind {
  /** A Kerberos principal name such as {@code alice@EXAMPLE.COM}. */
  KERBEROS,
  /** An X.509 client certificate, identified by the value the mapping chose (e.g. subject DN). */
  X509;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PrincipalKind ofKey(String key) {
    for (PrincipalKind kind : values()) {
      if (kind.key().equals(key)) {
        return kind;
      }
    }
    throw new BadRequestException("principal kind must be kerberos or x509");
  }
}
