package io.tokenless.auth.kerberos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link KerberosAcceptor} accepts tickets for.
 *
 * @param keytab     the service keytab; re-read when it changes, so keys can be rotated in place
 * @param principals the service principals a ticket may be for, e.g. {@code HTTP/compute.example.com}
 *                   (realm optional: the default realm of {@code krb5.conf} then applies);
 *                   {@value #ANY} accepts any principal that has a key in the keytab
 * @param clockSkew  the tolerated difference between client and server clocks, for the
 *                   authenticator's time and the ticket's validity, 1 s to 1 h (0 would refuse
 *                   nearly every authenticator, whose time is never exactly the server's). Give
 *                   the JDK the same value ({@link KerberosSettings#apply}): it decides for the
 *                   tokens the JGSS acceptor handles
 * @param replayCacheMaxEntries the most authenticators the server's replay cache holds (those of
 *                   the last clock-skew window); at the bound new authenticators are refused,
 *                   none is forgotten early. At least 1; see {@link #DEFAULT_REPLAY_CACHE_MAX_ENTRIES}
 */
public record AcceptorConfig(Path keytab, List<String> principals, Duration clockSkew, int replayCacheMaxEntries) {
  public static final String ANY = "*";
  /**
   * 2,000,000: room for about 6,000 authentications a second sustained over the default 300 s
   * skew (plus the cache's 10 to 20 s of margin), several times what one node serves; about
   * 145 MB of heap when full (72 bytes an entry, measured).
   */
  public static final int DEFAULT_REPLAY_CACHE_MAX_ENTRIES = 2_000_000;

  public AcceptorConfig {
    Objects.requireNonNull(keytab, "kerberos.keytab");
    Objects.requireNonNull(clockSkew, "kerberos.clockSkewSeconds");
    principals = List.copyOf(principals);
    if (principals.isEmpty()) {
      throw new KerberosConfigException("kerberos.principals: name at least one service principal, or *");
    }
    for (String principal : principals) {
      if (principal.isBlank() || (principal.contains("*") && !principal.equals(ANY))) {
        throw new KerberosConfigException("kerberos.principals: not a principal name or *: '" + principal + "'");
      }
    }
    if (clockSkew.compareTo(Duration.ofSeconds(1)) < 0 || clockSkew.compareTo(Duration.ofHours(1)) > 0) {
      throw new KerberosConfigException("kerberos.clockSkewSeconds: must be between 1 and 3600, was "
          + clockSkew.toSeconds());
    }
    if (replayCacheMaxEntries < 1) {
      throw new KerberosConfigException("kerberos.replayCacheMaxEntries: must be positive, was " + replayCacheMaxEntries);
    }
  }

  /** With the default replay cache bound of {@link #DEFAULT_REPLAY_CACHE_MAX_ENTRIES}. */
  public AcceptorConfig(Path keytab, List<String> principals, Duration clockSkew) {
    this(keytab, principals, clockSkew, DEFAULT_REPLAY_CACHE_MAX_ENTRIES);
  }

  /** With the default clock skew of {@link KerberosSettings#DEFAULT_CLOCK_SKEW}. */
  public AcceptorConfig(Path keytab, List<String> principals) {
    this(keytab, principals, KerberosSettings.DEFAULT_CLOCK_SKEW);
  }

  /** {@code HTTP/<host>}: what browsers, curl and the JDK ask a ticket for at {@code http(s)://<host>/}. */
  public static AcceptorConfig forHost(Path keytab, String host) {
    return new AcceptorConfig(keytab, List.of("HTTP/" + host));
  }

  public boolean acceptsAny() {
    return principals.contains(ANY);
  }
}
