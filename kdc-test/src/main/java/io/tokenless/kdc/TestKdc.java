package io.tokenless.kdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throw-away KDC for tests: realm {@value #DEFAULT_REALM} on a free port of 127.0.0.1, state
 * in a temporary directory, principals and keytabs made on demand.
 *
 * <p>The JDK reads {@code krb5.conf} once per JVM from the global {@code java.security.krb5.conf}
 * property, so there is one KDC per test JVM: {@link #shared()} starts it on first use, points
 * that property at this KDC's own {@code krb5.conf} and stops it when the JVM exits. Tests keep
 * apart by using unique principal names ({@link #uniqueName(String)}).
 */
public final class TestKdc {
  public static final String DEFAULT_REALM = "EXAMPLE.COM";

  private static final Logger log = LoggerFactory.getLogger(TestKdc.class);
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static TestKdc shared;

  private final EmbeddedKdc kdc;
  private final Path workDir;
  private final Path krb5Conf;

  private TestKdc(EmbeddedKdc kdc, Path workDir, Path krb5Conf) {
    this.kdc = kdc;
    this.workDir = workDir;
    this.krb5Conf = krb5Conf;
  }

  /**
   * The JVM's test KDC, started on first call. Sets {@code java.security.krb5.conf} to its
   * {@link #krb5Conf()} (the only thing in tests that does).
   */
  public static synchronized TestKdc shared() {
    if (shared == null) {
      try {
        Path dir = Files.createTempDirectory("tokenless-kdc-");
        shared = start(DEFAULT_REALM, dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the test KDC's directory", e);
      }
      System.setProperty("java.security.krb5.conf", shared.krb5Conf.toString());
      TestKdc started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "test-kdc-shutdown"));
    }
    return shared;
  }

  /** Starts a KDC for {@code realm} in {@code workDir}; leaves JVM-global properties alone. */
  public static TestKdc start(String realm, Path workDir) {
    EmbeddedKdc kdc = EmbeddedKdc.init(realm, 0, workDir.resolve("kerby"));
    kdc.start();
    Path krb5Conf = kdc.writeKrb5Conf(workDir.resolve("krb5.conf"));
    log.info("test KDC for realm {} on 127.0.0.1:{}, krb5.conf {}", realm, kdc.port(), krb5Conf);
    return new TestKdc(kdc, workDir, krb5Conf);
  }

  public String realm() {
    return kdc.realm();
  }

  /** The KDC's TCP port on 127.0.0.1. */
  public int port() {
    return kdc.port();
  }

  /** Our {@code krb5.conf} for this realm, for the JDK ({@code java.security.krb5.conf}) and MIT ({@code KRB5_CONFIG}). */
  public Path krb5Conf() {
    return krb5Conf;
  }

  public Path workDir() {
    return workDir;
  }

  /** {@code prefix} plus a suffix no other call in this JVM gets, e.g. {@code alice-7-3f9a}. */
  public static String uniqueName(String prefix) {
    byte[] random = new byte[2];
    new SecureRandom().nextBytes(random);
    return prefix + "-" + COUNTER.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
  }

  /** {@code name} qualified with this realm when it has none. */
  public String principal(String name) {
    return kdc.qualify(name);
  }

  /** Creates {@code name} with keys derived from {@code password}; returns the full principal name. */
  public String addPrincipal(String name, String password) {
    kdc.addWithPassword(name, password);
    return kdc.qualify(name);
  }

  /** Creates {@code name} with random keys (a service); returns the full principal name. */
  public String addPrincipal(String name) {
    kdc.addWithRandomKey(name);
    return kdc.qualify(name);
  }

  /**
   * Creates {@code name} with random keys unless it exists (for fixed names such as
   * {@code HTTP/localhost} that several test classes of one JVM share); returns the full name.
   */
  public synchronized String ensurePrincipal(String name) {
    if (!kdc.exists(name)) {
      kdc.addWithRandomKey(name);
    }
    return kdc.qualify(name);
  }

  /** New random keys with the next key version number for {@code name}. */
  public void rotateKeys(String name) {
    kdc.rotateKeys(name);
  }

  /** Writes (replacing) {@code file} with the current AES keys of {@code principals}. */
  public Path exportKeytab(Path file, String... principals) {
    return kdc.exportKeytab(file, Arrays.asList(principals));
  }

  /** Writes the current keys of {@code principal} to {@code keytabs/<principal>.keytab} in the work dir. */
  public Path exportKeytab(String principal) {
    String fileName = kdc.qualify(principal).replaceAll("[^A-Za-z0-9._-]", "_") + ".keytab";
    return kdc.exportKeytab(workDir.resolve("keytabs").resolve(fileName), List.of(principal));
  }

  /** Stops the KDC; the shared one is stopped at JVM exit instead. */
  public void stop() {
    kdc.stop();
  }
}
