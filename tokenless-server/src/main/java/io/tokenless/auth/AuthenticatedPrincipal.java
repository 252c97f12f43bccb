package io.tokenless.auth;

import java.util.Map;
import java.util.Objects;

/**
 * Who a mechanism proved the caller to be, before identity mapping turns it into a user.
 *
 * @param mechanism  the mechanism that authenticated it: {@code kerberos}, {@code x509},
 *                   {@code token} or {@code password}
 * @param name       the principal's own name (a Kerberos principal, a certificate subject DN,
 *                   a user id for tokens and passwords)
 * @param attributes the mapping attributes the mechanism provides, named as operators know them
 *                   ({@code KRB5_PRINCIPAL}, {@code SSL_CLIENT_S_DN_CN}, ...); immutable
 */
public record AuthenticatedPrincipal(String mechanism, String name, Map<String, String> attributes) {
  public AuthenticatedPrincipal {
    Objects.requireNonNull(mechanism, "mechanism");
    Objects.requireNonNull(name, "name");
    attributes = Map.copyOf(attributes);
  }
}
