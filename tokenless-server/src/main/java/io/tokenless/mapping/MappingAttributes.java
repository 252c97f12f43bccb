package io.tokenless.mapping;

import java.util.HashSet;
import java.util.Set;

/**
 * The attribute names mechanisms provide, as operators know them from mod_auth_gssapi and
 * mod_ssl/Keystone. Rules may only name these (or their regexes' groups), so a typo is a start-up
 * error rather than a rule that silently never matches.
 */
public final class MappingAttributes {
  /** Kerberos: {@code primary/instance@REALM}, and its parts; instance empty when none. */
  public static final Set<String> KERBEROS = Set.of("KRB5_PRINCIPAL", "KRB5_REALM", "KRB5_PRIMARY", "KRB5_INSTANCE");

  /** How many repeated values ({@code _OU_1}, {@code _DNS_0}, ...) rules may name. */
  private static final int REPEATS = 4;

  /**
   * Client certificates, mod_ssl names: the DNs and their parts (repeats as {@code _OU_1}), the
   * SAN entries (also numbered {@code _0}, {@code _1}), serial, validity, and the SHA-256
   * fingerprint for pinning.
   */
  public static final Set<String> X509 = x509();

  private static Set<String> x509() {
    Set<String> names = new HashSet<>(Set.of("SSL_CLIENT_S_DN", "SSL_CLIENT_I_DN", "SSL_CLIENT_SAN_UPN",
        "SSL_CLIENT_M_SERIAL", "SSL_CLIENT_M_VERSION", "SSL_CLIENT_V_START", "SSL_CLIENT_V_END",
        "SSL_CLIENT_VERIFY", "SSL_CLIENT_CERT_SHA256"));
    for (String dn : new String[] {"S", "I"}) {
      for (String part : new String[] {"CN", "O", "OU", "C", "ST", "L", "Email", "UID", "DC", "SN", "GN", "T"}) {
        String name = "SSL_CLIENT_" + dn + "_DN_" + part;
        names.add(name);
        for (int i = 1; i < REPEATS; i++) {
          names.add(name + "_" + i);
        }
      }
    }
    for (String san : new String[] {"Email", "DNS", "URI", "OTHER_msUPN"}) {
      String name = "SSL_CLIENT_SAN_" + san;
      names.add(name);
      for (int i = 0; i < REPEATS; i++) {
        names.add(name + "_" + i);
      }
    }
    return Set.copyOf(names);
  }

  /** Every attribute above. */
  public static final Set<String> ALL = union(KERBEROS, X509);

  private MappingAttributes() {}

  /** {@code base} plus {@code more}, for a mechanism that provides attributes of its own. */
  public static Set<String> union(Set<String> base, Set<String> more) {
    Set<String> all = new HashSet<>(base);
    all.addAll(more);
    return Set.copyOf(all);
  }
}
