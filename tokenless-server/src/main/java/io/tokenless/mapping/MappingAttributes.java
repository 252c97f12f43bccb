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

  /** Client certificates, mod_ssl names. */
  public static final Set<String> X509 = Set.of(
      "SSL_CLIENT_S_DN", "SSL_CLIENT_S_DN_CN", "SSL_CLIENT_S_DN_O", "SSL_CLIENT_S_DN_OU", "SSL_CLIENT_S_DN_C",
      "SSL_CLIENT_S_DN_ST", "SSL_CLIENT_S_DN_L", "SSL_CLIENT_S_DN_Email", "SSL_CLIENT_S_DN_UID", "SSL_CLIENT_S_DN_DC",
      "SSL_CLIENT_I_DN", "SSL_CLIENT_I_DN_CN", "SSL_CLIENT_I_DN_O", "SSL_CLIENT_I_DN_OU",
      "SSL_CLIENT_SAN_Email", "SSL_CLIENT_SAN_DNS", "SSL_CLIENT_SAN_URI", "SSL_CLIENT_SAN_UPN",
      "SSL_CLIENT_M_SERIAL", "SSL_CLIENT_M_VERSION", "SSL_CLIENT_V_START", "SSL_CLIENT_V_END");

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
