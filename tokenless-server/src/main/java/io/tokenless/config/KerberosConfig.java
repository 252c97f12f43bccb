package io.tokenless.config;

import java.nio.file.Path;
import java.util.List;

/**
 * SPNEGO acceptance from a keytab; no call to the KDC per request.
 *
 * @param keytab           the service keytab; mode 0600
 * @param principals       acceptor principals, e.g. {@code HTTP/host@REALM}; {@code *} accepts any
 *                         principal in the keytab; default {@code HTTP/localhost}
 * @param krb5Conf         the krb5.conf for realm and enctype settings; optional
 * @param clockSkewSeconds tolerated clock difference; default 300
 */
public record KerberosConfig(Path keytab, List<String> principals, Path krb5Conf, Integer clockSkewSeconds) {
  public KerberosConfig {
    Checks.secretFile("keytab", keytab);
    principals = principals == null || principals.isEmpty() ? List.of("HTTP/localhost") : List.copyOf(principals);
    if (krb5Conf != null) {
      Checks.readableFile("krb5Conf", krb5Conf);
    }
    clockSkewSeconds = Checks.between("clockSkewSeconds", clockSkewSeconds == null ? 300 : clockSkewSeconds, 0, 3600);
  }
}
