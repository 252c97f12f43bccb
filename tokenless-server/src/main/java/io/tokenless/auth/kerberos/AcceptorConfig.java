package io.tokenless.auth.kerberos;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link JgssAcceptor} accepts tickets for.
 *
 * @param keytab     the service keytab; re-read when it changes, so keys can be rotated in place
 * @param principals the service principals a ticket may be for, e.g. {@code HTTP/compute.example.com}
 *                   (realm optional: the default realm of {@code krb5.conf} then applies);
 *                   {@value #ANY} accepts any principal that has a key in the keytab
 */
public record AcceptorConfig(Path keytab, List<String> principals) {
  public static final String ANY = "*";

  public AcceptorConfig {
    Objects.requireNonNull(keytab, "kerberos.keytab");
    principals = List.copyOf(principals);
    if (principals.isEmpty()) {
      throw new KerberosConfigException("kerberos.principals: name at least one service principal, or *");
    }
    for (String principal : principals) {
      if (principal.isBlank() || (principal.contains("*") && !principal.equals(ANY))) {
        throw new KerberosConfigException("kerberos.principals: not a principal name or *: '" + principal + "'");
      }
    }
  }

  /** {@code HTTP/<host>}: what browsers, curl and the JDK ask a ticket for at {@code http(s)://<host>/}. */
  public static AcceptorConfig forHost(Path keytab, String host) {
    return new AcceptorConfig(keytab, List.of("HTTP/" + host));
  }

  public boolean acceptsAny() {
    return principals.contains(ANY);
  }
}
