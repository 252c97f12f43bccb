/**
 * TLS listener material for Undertow. Typical wiring:
 *
 * <pre>{@code
 * ServerTls tls = ServerTls.create(ServerTlsConfig.of(keyFile, certificateFile,
 *     List.of(clientCaBundle), ClientAuthMode.REQUESTED));
 * Undertow.builder()
 *     .addHttpsListener(port, host, tls.sslContext())
 *     .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, tls.clientAuthMode().undertowMode())
 *     ...
 * }</pre>
 *
 * <p>The handshake requests client certificates but does not judge them (see
 * {@link io.tokenless.http.tls.StructuralClientTrustManager}); every handler that relies on a
 * client certificate must go through {@code io.tokenless.http.auth.ClientCertificateMechanism}.
 * {@link io.tokenless.http.tls.TrustedProxies} lists the TLS-terminating proxies allowed to
 * forward a client certificate in a header.
 */
package io.tokenless.http.tls;
