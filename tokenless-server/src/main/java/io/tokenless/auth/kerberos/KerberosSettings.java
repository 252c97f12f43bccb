package io.tokenless.auth.kerberos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that sets the JVM-global Kerberos settings of the JDK. Nothing else in the
 * server touches {@code java.security.krb5.conf} or other {@code sun.security.krb5.*} /
 * {@code javax.security.auth.*} properties.
 *
 * <p>The JDK reads the clock skew it tolerates from {@code clockskew} in {@code krb5.conf}'s
 * {@code [libdefaults]}, not from an API. To apply the configured skew without editing the
 * operator's {@code krb5.conf}, {@link #apply} writes a small file that includes first an
 * override with {@code clockskew} and then the operator's file; the JDK, like MIT, takes the
 * first value of a key, so the override wins and everything else comes from the operator's file.
 *
 * <p>The server's acceptor ({@code io.tokenless.auth.kerberos.krb5.FastPathAcceptor}) accepts
 * AES tokens itself, with the skew of {@link AcceptorConfig#clockSkew()} and its own in-memory
 * replay cache per JVM; the tokens it hands to JGSS use the skew set here and the JDK's default
 * replay cache, also in memory per JVM ({@code sun.security.krb5.rcache} unset). Every server
 * node has its own caches; an authenticator replayed to another node within the skew window is
 * not detected there.
 */
public final class KerberosSettings {
  /** MIT's and the JDK's default tolerance between client and server clocks. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(KerberosSettings.class);
  private static final String KRB5_CONF = "java.security.krb5.conf";

  private KerberosSettings() {}

  /**
   * Points the JVM at {@code krb5Conf} with the given clock skew. Call before the first
   * {@link JgssAcceptor} is created (acceptors re-read the configuration when they log in).
   *
   * @param krb5Conf  the operator's {@code krb5.conf}; must exist
   * @param clockSkew tolerated clock difference, 1 s to 1 h
   * @return the file the JVM now reads
   * @throws KerberosConfigException when the file is missing or the skew out of range
   */
  public static synchronized Path apply(Path krb5Conf, Duration clockSkew) {
    Objects.requireNonNull(krb5Conf, "krb5Conf");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (!Files.isReadable(krb5Conf)) {
      throw new KerberosConfigException("kerberos.krb5Conf: file not found or not readable: " + krb5Conf);
    }
    if (clockSkew.compareTo(Duration.ofSeconds(1)) < 0 || clockSkew.compareTo(Duration.ofHours(1)) > 0) {
      throw new KerberosConfigException("kerberos.clockSkew: must be between 1s and 1h, was " + clockSkew);
    }
    try {
      Path dir = Files.createTempDirectory("tokenless-krb5-");
      Path override = Files.writeString(dir.resolve("clockskew.conf"),
          "[libdefaults]\n    clockskew = " + clockSkew.toSeconds() + "\n", StandardCharsets.UTF_8);
      Path effective = Files.writeString(dir.resolve("krb5.conf"),
          "include " + override.toAbsolutePath() + "\ninclude " + krb5Conf.toAbsolutePath() + "\n",
          StandardCharsets.UTF_8);
      dir.toFile().deleteOnExit();
      override.toFile().deleteOnExit();
      effective.toFile().deleteOnExit();
      System.setProperty(KRB5_CONF, effective.toString());
      log.info("Kerberos: krb5.conf {} with clock skew {}s", krb5Conf, clockSkew.toSeconds());
      return effective;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the effective krb5.conf", e);
    }
  }
}
