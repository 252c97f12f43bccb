package io.tokenless.demo.services;

import io.tokenless.kdc.SpnegoClient;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a demo service authenticates as itself when it calls through the gateway: a fresh SPNEGO
 * token from its own keytab per request, or its client certificate over mutual TLS. Nothing of
 * the user it acts for is sent, only the user's id.
 *
 * @param description  how it authenticates, for the demo's trace
 * @param gateway      the gateway's base URL (https for certificates)
 * @param http         the client (carrying the certificate for mutual TLS)
 * @param authorization an {@code Authorization} value per request, or empty
 */
public record ServiceIdentity(String description, URI gateway, HttpClient http,
    Supplier<Optional<String>> authorization) {

  /** Kerberos: {@code principal}'s keytab, tickets for {@code HTTP/<gateway host>}. */
  public static ServiceIdentity kerberos(String principal, Path keytab, URI gateway) {
    SpnegoClient client = SpnegoClient.fromKeytab(principal, keytab);
    String acceptor = "HTTP/" + gateway.getHost();
    return new ServiceIdentity("Kerberos as " + principal, gateway,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        () -> Optional.of(client.negotiateHeader(acceptor)));
  }

  /** A client certificate (PEM chain and key) trusted by the gateway, which is trusted via {@code ca}. */
  public static ServiceIdentity certificate(Path certificate, Path key, Path ca, URI gateway) {
    return new ServiceIdentity("client certificate " + certificate.getFileName(), gateway,
        HttpClient.newBuilder().sslContext(sslContext(Optional.of(certificate), Optional.of(key), ca))
            .connectTimeout(Duration.ofSeconds(5)).build(),
        Optional::empty);
  }

  /** A request builder for {@code path} under the gateway, authenticated as this service. */
  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(10));
    authorization.get().ifPresent(value -> builder.header("Authorization", value));
    return builder;
  }

  /** A TLS context trusting {@code ca} and, when given, presenting the certificate and key. */
  public static SSLContext sslContext(Optional<Path> certificate, Optional<Path> key, Path ca) {
    try {
      char[] password = "in-memory".toCharArray();
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      List<X509Certificate> cas = Pem.readCertificates(ca);
      for (int i = 0; i < cas.size(); i++) {
        trust.setCertificateEntry("ca" + i, cas.get(i));
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (certificate.isPresent() && key.isPresent()) {
        keys.setKeyEntry("client", Pem.readPrivateKey(key.get()), password,
            Pem.readCertificates(certificate.get()).toArray(new X509Certificate[0]));
      }
      keyManagers.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }
}
