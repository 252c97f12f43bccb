package io.tokenless.roles.model;

import io.tokenless.error.BadRequestException;
import java.util.Objects;

/** An identity proven by Kerberos or a client certificate, bound to exactly one user. */
public record Principal(PrincipalKind kind, String value) {
  public static final int MAX_LENGTH = 1024;

  public Principal {
    Objects.requireNonNull(kind, "kind");
    if (value == null || value.isBlank() || value.length() > MAX_LENGTH) {
      throw new BadRequestException("principal must be 1 to " + MAX_LENGTH + " characters");
    }
  }

  public static Principal kerberos(String name) {
    return new Principal(PrincipalKind.KERBEROS, name);
  }

  public static Principal x509(String subject) {
    return new Principal(PrincipalKind.X509, subject);
  }
}
