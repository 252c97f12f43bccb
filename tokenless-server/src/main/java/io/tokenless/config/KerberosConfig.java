package io.tokenless.config;

import java.nio.file.Path;
import java.util.List;

/**
 * SPNEGO acceptance from a keytab; no call to the KDC per request.
 *
 * @param keytab                the service keytab; mode 0600
 * @param principals            acceptor principals, e.g. {@code HTTP/host@REALM}; {@code *} accepts any
 *                              principal in the keytab; default {@code HTTP/localhost}
 * @param krb5Conf              the krb5.conf for realm and enctype settings; optional
 * @param clockSkewSeconds      tolerated clock difference, 1 to 3600; default 300. Not 0: no
 *                              client's clock matches the server's to the microsecond
 * @param replayCacheMaxEntries the most authenticators the replay cache holds, 1,000 to
 *                              100,000,000; default 2,000,000. At the bound new ones are refused
 */
public record KerberosConfig(Path keytab, List<String> principals, Path krb5Conf, Integer clockSkewSeconds,
    Integer replayCacheMaxEntries) {
  public KerberosConfig {
    Checks.secretFile("keytab", keytab);
    principals = principals == null || principals.isEmpty() ? List.of("HTTP/localhost") : List.copyOf(principals);
    if (krb5Conf != null) {
      Checks.readableFile("krb5Conf", krb5Conf);
    }
    clockSkewSeconds = Checks.between("clockSkewSeconds", clockSkewSeconds == null ? 300 : clockSkewSeconds, 1, 3600);
    replayCacheMaxEntries = Checks.between("replayCacheMaxEntries",
        replayCacheMaxEntries == null ? 2_000_000 : replayCacheMaxEntries, 1_000, 100_000_000);
  }
}
