package io.tokenless.demo.load;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JVM-global Kerberos system properties, set here and nowhere else. The JDK reads
 * {@code krb5.conf} once, at the first Kerberos call, so this runs before the login.
 */
final class KerberosSettings {
  private KerberosSettings() {}

  static void apply(Path krb5Conf) {
    if (!Files.isReadable(krb5Conf)) {
      throw new IllegalArgumentException("--krb5-conf: cannot read " + krb5Conf);
    }
    System.setProperty("java.security.krb5.conf", krb5Conf.toString());
    // The TGT and every service ticket live in the logged-in Subject: JGSS neither looks in
    // a ticket cache file nor asks the KDC again for a ticket it already holds.
    System.setProperty("javax.security.auth.useSubjectCredsOnly", "true");
  }
}
