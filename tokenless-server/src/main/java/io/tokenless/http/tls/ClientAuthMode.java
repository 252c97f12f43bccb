package io.tokenless.http.tls;

import java.util.Locale;
import org.xnio.SslClientAuthMode;

/**
 * Whether the TLS listener asks clients for a certificate. Set it on the Undertow listener with
 * {@code Options.SSL_CLIENT_AUTH_MODE} = {@link #undertowMode()} (or use
 * {@link ServerTls#undertowOptions()}).
 *
 * <p>Even {@link #REQUIRED} only makes the handshake fail when no certificate is sent at all;
 * whether a certificate that was sent is acceptable is always decided after the handshake by
 * {@code ClientCertificateMechanism}, so the client gets a {@code 401} that says why. See
 * {@link StructuralClientTrustManager}.
 */
public enum ClientAuthMode {
  /** No certificate request: clients authenticate otherwise (Kerberos, tokens). */
  NONE,
  /** A certificate is requested; clients without one still connect and may use another mechanism. */
  REQUESTED,
  /** A handshake without a client certificate fails. */
  REQUIRED;

  public SslClientAuthMode undertowMode() {
    return switch (this) {
      case NONE -> SslClientAuthMode.NOT_REQUESTED;
      case REQUESTED -> SslClientAuthMode.REQUESTED;
      case REQUIRED -> SslClientAuthMode.REQUIRED;
    };
  }

  /** Parses {@code none}, {@code requested} or {@code required}, in any case. */
  public static ClientAuthMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("client auth mode must be none, requested or required, was '" + text + "'", e);
    }
  }
}
