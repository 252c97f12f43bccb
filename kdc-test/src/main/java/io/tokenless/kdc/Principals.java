package io.tokenless.kdc;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Principals for one test, each with a name no other test uses, with the keytab already
 * written. Given by {@link KdcExtension}.
 */
public final class Principals {
  private final TestKdc kdc;
  private final String prefix;

  Principals(TestKdc kdc, String testClass) {
    this.kdc = kdc;
    this.prefix = testClass.toLowerCase(java.util.Locale.ROOT);
  }

  public TestKdc kdc() {
    return kdc;
  }

  /** A user with a random password, e.g. {@code alice-12-0a3f@EXAMPLE.COM}, and its keytab. */
  public KdcPrincipal user(String name) {
    String unique = TestKdc.uniqueName(prefix + "-" + name);
    String password = UUID.randomUUID().toString();
    String principal = kdc.addPrincipal(unique, password);
    return new KdcPrincipal(principal, password, kdc.exportKeytab(principal));
  }

  /** A service {@code service/host} with random keys, e.g. {@code HTTP/h-3-99ab}, and its keytab. */
  public KdcPrincipal service(String service) {
    String host = TestKdc.uniqueName(prefix + "-host");
    String principal = kdc.addPrincipal(service + "/" + host);
    return new KdcPrincipal(principal, null, kdc.exportKeytab(principal));
  }

  /**
   * A principal of the test KDC.
   *
   * @param name     the full name, {@code primary[/instance]@REALM}
   * @param password the password, or {@code null} for random keys
   * @param keytab   a keytab with its current keys
   */
  public record KdcPrincipal(String name, String password, Path keytab) {
    /** The name without {@code @REALM}. */
    public String shortName() {
      return name.substring(0, name.lastIndexOf('@'));
    }

    @Override
    public String toString() {
      return "KdcPrincipal[" + name + "]";
    }
  }
}
