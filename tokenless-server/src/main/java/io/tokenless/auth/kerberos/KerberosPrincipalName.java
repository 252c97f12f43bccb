package io.tokenless.auth.kerberos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Kerberos principal name split the way mapping rules see it: {@code primary[/instance]@REALM}.
 *
 * @param primary  the first component, e.g. {@code alice} or {@code HTTP}
 * @param instance everything between the first {@code /} and the realm; empty when there is none
 * @param realm    the realm, e.g. {@code EXAMPLE.COM}
 */
public record KerberosPrincipalName(String primary, String instance, String realm) {
  public static final String KRB5_PRINCIPAL = "KRB5_PRINCIPAL";
  public static final String KRB5_REALM = "KRB5_REALM";
  public static final String KRB5_PRIMARY = "KRB5_PRIMARY";
  public static final String KRB5_INSTANCE = "KRB5_INSTANCE";

  public KerberosPrincipalName {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(instance, "instance");
    Objects.requireNonNull(realm, "realm");
  }

  /**
   * Parses a name as the JDK prints it ({@code alice@EXAMPLE.COM}, {@code HTTP/host@EXAMPLE.COM}).
   * The realm is after the last unescaped {@code @}; a name without one has an empty realm.
   */
  public static KerberosPrincipalName parse(String name) {
    Objects.requireNonNull(name, "name");
    int at = lastUnescaped(name, '@');
    String local = at < 0 ? name : name.substring(0, at);
    String realm = at < 0 ? "" : name.substring(at + 1);
    int slash = firstUnescaped(local, '/');
    return slash < 0
        ? new KerberosPrincipalName(local, "", realm)
        : new KerberosPrincipalName(local.substring(0, slash), local.substring(slash + 1), realm);
  }

  private static int lastUnescaped(String s, char c) {
    for (int i = s.length() - 1; i >= 0; i--) {
      if (s.charAt(i) == c && !escaped(s, i)) {
        return i;
      }
    }
    return -1;
  }

  private static int firstUnescaped(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c && !escaped(s, i)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean escaped(String s, int index) {
    int backslashes = 0;
    for (int i = index - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    return backslashes % 2 == 1;
  }

  /** {@code primary[/instance]@REALM}. */
  public String full() {
    String local = instance.isEmpty() ? primary : primary + "/" + instance;
    return realm.isEmpty() ? local : local + "@" + realm;
  }

  /** The mapping attributes: {@code KRB5_PRINCIPAL}, {@code KRB5_REALM}, {@code KRB5_PRIMARY}, {@code KRB5_INSTANCE}. */
  public Map<String, String> attributes() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put(KRB5_PRINCIPAL, full());
    attributes.put(KRB5_REALM, realm);
    attributes.put(KRB5_PRIMARY, primary);
    attributes.put(KRB5_INSTANCE, instance);
    return Map.copyOf(attributes);
  }

  @Override
  public String toString() {
    return full();
  }
}
