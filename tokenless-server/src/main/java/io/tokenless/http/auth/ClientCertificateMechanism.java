package io.tokenless.http.auth;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.AuthenticatedPrincipal;
import io.tokenless.auth.x509.ClientCertificateValidator;
import io.tokenless.auth.x509.ValidationResult;
import io.tokenless.http.tls.TrustedProxies;
import io.tokenless.pki.Pem;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the caller by the client certificate of the TLS connection, or, behind a
 * TLS-terminating proxy, by the certificate the proxy forwards in a header.
 *
 * <p>The certificate comes from the TLS session unless the request carries the forwarded
 * header ({@value #DEFAULT_HEADER} by default: the URL-encoded PEM that nginx's
 * {@code $ssl_client_escaped_cert} produces) <em>and</em> the direct peer of the TCP connection
 * is one of the trusted proxies. From any other peer the header is ignored and a WARN is logged:
 * a client able to set it would otherwise claim any certificate without holding its key. The
 * direct peer is the connection's address, never one rewritten from {@code X-Forwarded-For}.
 * An empty header from a trusted proxy (nginx sends one when its client had no certificate)
 * means "no certificate": the proxy's own TLS certificate, if any, is not taken for the caller's.
 *
 * <p>No certificate (plain HTTP, none sent, or Undertow asking for a renegotiation we do not
 * do) is {@link AuthOutcome.NotAttempted}. A certificate that fails validation is
 * {@link AuthOutcome.Failed} with the reason for the client ("client certificate revoked") and
 * the details for the log. TLS has no HTTP challenge, so {@link #challenge()} is empty.
 */
public final class ClientCertificateMechanism implements AuthMechanism {
  /** The header nginx is usually configured to send: {@code proxy_set_header X-SSL-Client-Cert $ssl_client_escaped_cert}. */
  public static final String DEFAULT_HEADER = "X-SSL-Client-Cert";
  public static final String MECHANISM = "x509";

  private static final Logger log = LoggerFactory.getLogger(ClientCertificateMechanism.class);

  private final ClientCertificateValidator validator;
  private final TrustedProxies trustedProxies;
  private final HttpString header;

  /** Reads certificates from the TLS session only; a forwarded header is always ignored. */
  public ClientCertificateMechanism(ClientCertificateValidator validator) {
    this(validator, TrustedProxies.none(), DEFAULT_HEADER);
  }

  /** Also accepts the forwarded certificate in {@code headerName} from {@code trustedProxies}. */
  public ClientCertificateMechanism(ClientCertificateValidator validator, TrustedProxies trustedProxies,
      String headerName) {
    this.validator = validator;
    this.trustedProxies = trustedProxies;
    this.header = new HttpString(headerName);
  }

  @Override
  public String name() {
    return MECHANISM;
  }

  @Override
  public Optional<String> challenge() {
    return Optional.empty();
  }

  @Override
  public AuthOutcome authenticate(HttpServerExchange exchange) {
    String forwarded = exchange.getRequestHeaders().getFirst(header);
    List<X509Certificate> chain;
    String source;
    boolean trustedProxy = forwarded != null && fromTrustedProxy(exchange);
    if (trustedProxy && forwarded.isBlank()) {
      // The proxy says its client sent no certificate; the proxy's own TLS identity is not the caller's.
      return new AuthOutcome.NotAttempted();
    }
    if (trustedProxy) {
      try {
        chain = Pem.certificates(percentDecode(forwarded));
      } catch (IOException | IllegalArgumentException e) {
        return new AuthOutcome.Failed("client certificate invalid",
            "forwarded " + header + " from proxy " + peer(exchange) + " is not a PEM certificate: " + e.getMessage());
      }
      source = "proxy " + peer(exchange);
    } else {
      if (forwarded != null && !forwarded.isBlank()) {
        log.warn("ignored {} header from {}: not a trusted proxy ({})", header, peer(exchange), trustedProxies);
      }
      Optional<List<X509Certificate>> fromSession = sessionCertificates(exchange);
      if (fromSession.isEmpty()) {
        return new AuthOutcome.NotAttempted();
      }
      chain = fromSession.get();
      source = "TLS";
    }
    ValidationResult result = validator.validate(chain);
    if (result instanceof ValidationResult.Valid valid) {
      log.debug("client certificate via {} accepted: {}", source, valid.subjectDn());
      return new AuthOutcome.Authenticated(new AuthenticatedPrincipal(MECHANISM, valid.subjectDn(), valid.attributes()));
    }
    ValidationResult.Rejected rejected = (ValidationResult.Rejected) result;
    log.debug("client certificate via {} rejected: {}", source, rejected.detail());
    return new AuthOutcome.Failed(rejected.reason().clientMessage(),
        rejected.reason() + " via " + source + ": " + rejected.detail());
  }

  /**
   * Decodes {@code %XX} escapes only. Unlike form decoding, a {@code +} stays a {@code +}: it is
   * a Base64 character, and a proxy that leaves it unescaped must not corrupt the certificate.
   */
  static String percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("truncated %-escape at offset " + i);
        }
        out.write(Integer.parseInt(text, i + 1, i + 3, 16));
        i += 2;
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private boolean fromTrustedProxy(HttpServerExchange exchange) {
    if (trustedProxies.isEmpty()) {
      return false;
    }
    InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    InetAddress address = peer == null ? null : peer.getAddress();
    return address != null && trustedProxies.contains(address);
  }

  private static String peer(HttpServerExchange exchange) {
    InetSocketAddress peer = exchange.getConnection().getPeerAddress(InetSocketAddress.class);
    return peer == null || peer.getAddress() == null ? "unknown" : peer.getAddress().getHostAddress();
  }

  private static Optional<List<X509Certificate>> sessionCertificates(HttpServerExchange exchange) {
    SSLSessionInfo session = exchange.getConnection().getSslSessionInfo();
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] certificates;
    try {
      certificates = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
      // No certificate was sent, or the listener did not ask for one; renegotiation is not offered.
      return Optional.empty();
    }
    if (certificates == null || certificates.length == 0) {
      return Optional.empty();
    }
    List<X509Certificate> chain = new ArrayList<>(certificates.length);
    for (Certificate certificate : certificates) {
      if (certificate instanceof X509Certificate x509) {
        chain.add(x509);
      }
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
  }
}
