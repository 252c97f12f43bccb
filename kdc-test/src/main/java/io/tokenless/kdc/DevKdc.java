package io.tokenless.kdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KDC of {@code tokenless dev}: realm {@value #REALM} on 127.0.0.1, its state in a
 * directory so that keytabs and {@code kinit} sessions survive a restart.
 *
 * <p>Files in the data directory:
 * <ul>
 *   <li>{@code krb5.conf}: for clients ({@code KRB5_CONFIG=...}) and the JDK;</li>
 *   <li>{@code keytabs/HTTP-localhost.keytab}: the service key of {@code HTTP/localhost};
 *       one {@code keytabs/<primary>-<instance>.keytab} per other service principal;</li>
 *   <li>{@code keytabs/<user>.keytab}: one per user;</li>
 *   <li>{@code kdc/principals.keytab}: every key of the realm, the KDC's own included. This is
 *       the KDC's database: at start the principals are re-registered with exactly these keys,
 *       so nothing written before a restart stops working after it. Keep it private.</li>
 * </ul>
 *
 * <p>Users and services named at start that the database lacks are created (users with the
 * given password); those it has keep their keys. The JVM-global {@code java.security.krb5.conf}
 * is left as it was.
 */
public final class DevKdc implements AutoCloseable {
  public static final String REALM = "EXAMPLE.COM";
  public static final String HTTP_LOCALHOST = "HTTP/localhost";

  private static final Logger log = LoggerFactory.getLogger(DevKdc.class);

  private final EmbeddedKdc kdc;
  private final Path dir;
  private final Path krb5Conf;
  private final Map<String, Path> keytabs;
  private boolean stopped;

  private DevKdc(EmbeddedKdc kdc, Path dir, Path krb5Conf, Map<String, Path> keytabs) {
    this.kdc = kdc;
    this.dir = dir;
    this.krb5Conf = krb5Conf;
    this.keytabs = Map.copyOf(keytabs);
  }

  /**
   * Starts the dev KDC.
   *
   * @param dir               the data directory (created when missing)
   * @param port              the TCP port on 127.0.0.1; 0 picks a free one (written to {@code krb5.conf})
   * @param userPasswords     users to have, by name without realm, with their password for creation
   * @param servicePrincipals services to have besides {@code HTTP/localhost}, e.g. {@code HTTP/compute}
   * @throws KdcException when the port is taken or the database cannot be read
   */
  public static DevKdc start(Path dir, int port, Map<String, String> userPasswords, List<String> servicePrincipals) {
    Objects.requireNonNull(dir, "dir");
    Path database = dir.resolve("kdc").resolve("principals.keytab");
    EmbeddedKdc kdc = EmbeddedKdc.init(REALM, port, dir.resolve("kdc").resolve("kerby"));
    int restored = restore(kdc, database);

    List<String> services = new ArrayList<>();
    services.add(HTTP_LOCALHOST);
    servicePrincipals.stream().filter(s -> !services.contains(s)).forEach(services::add);
    Map<String, Path> keytabs = new LinkedHashMap<>();
    for (String service : services) {
      if (!kdc.exists(service)) {
        kdc.addWithRandomKey(service);
      }
      keytabs.put(service, dir.resolve("keytabs").resolve(service.replace('/', '-') + ".keytab"));
    }
    userPasswords.forEach((user, password) -> {
      if (!kdc.exists(user)) {
        kdc.addWithPassword(user, password);
      }
      keytabs.put(user, dir.resolve("keytabs").resolve(user + ".keytab"));
    });
    // The database first: a crash after it leaves keytabs that can be written again.
    kdc.exportKeytab(database, kdc.principals());
    keytabs.forEach((principal, file) -> kdc.exportKeytab(file, List.of(principal)));
    Path krb5Conf = kdc.writeKrb5Conf(dir.resolve("krb5.conf"));
    kdc.start();
    log.info("dev KDC for {} on 127.0.0.1:{} ({} principals restored), krb5.conf {}",
        REALM, kdc.port(), restored, krb5Conf);
    return new DevKdc(kdc, dir, krb5Conf, keytabs);
  }

  private static int restore(EmbeddedKdc kdc, Path database) {
    if (!Files.exists(database)) {
      return 0;
    }
    try {
      Keytab keytab = Keytab.loadKeytab(database.toFile());
      List<PrincipalName> principals = keytab.getPrincipals();
      for (PrincipalName principal : principals) {
        List<KeytabEntry> entries = keytab.getKeytabEntries(principal);
        kdc.restore(principal, entries);
      }
      return principals.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dev KDC database " + database, e);
    }
  }

  public String realm() {
    return REALM;
  }

  public int port() {
    return kdc.port();
  }

  public Path dir() {
    return dir;
  }

  public Path krb5Conf() {
    return krb5Conf;
  }

  /** {@code keytabs/HTTP-localhost.keytab}: what the server's acceptor reads. */
  public Path httpKeytab() {
    return keytabs.get(HTTP_LOCALHOST);
  }

  /** The keytab of a user (by name without realm) or service principal named at start. */
  public Path keytab(String principal) {
    Path keytab = keytabs.get(principal);
    if (keytab == null) {
      throw new IllegalArgumentException("no keytab for " + principal + "; known: " + keytabs.keySet());
    }
    return keytab;
  }

  /** Stops listening and releases the KDC's threads; calling it again does nothing. */
  public synchronized void stop() {
    if (!stopped) {
      stopped = true;
      kdc.stop();
      log.info("dev KDC on 127.0.0.1:{} stopped", kdc.port());
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Runs the dev KDC until the process is stopped:
   * {@code DevKdc <dir> [port] [user=password ...]}. Prints the {@code krb5.conf} path.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 1) {
      System.err.println("usage: DevKdc <data-dir> [port] [user=password ...]");
      System.exit(2);
    }
    int port = args.length > 1 && !args[1].contains("=") ? Integer.parseInt(args[1]) : 0;
    Map<String, String> users = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq > 0) {
        users.put(args[i].substring(0, eq), args[i].substring(eq + 1));
      }
    }
    DevKdc kdc = start(Path.of(args[0]), port, users, List.of());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kdc.stop();
      stopped.countDown();
    }, "dev-kdc-shutdown"));
    System.out.println("KRB5_CONFIG=" + kdc.krb5Conf() + "  (realm " + REALM + ", 127.0.0.1:" + kdc.port() + ")");
    stopped.await();
  }
}
