package io.tokenless.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The HTTPS listener and client-certificate validation.
 *
 * @param bindAddress    address to listen on; default {@code 127.0.0.1}
 * @param port           port; default {@code 5443}
 * @param certificate    PEM certificate chain of the server, leaf first
 * @param privateKey     PEM private key of the server (PKCS#8, RSA or EC); mode 0600
 * @param clientCa       PEM bundle of the CAs that issue client certificates; optional
 * @param crls           PEM or DER CRL files, re-read when they change
 * @param clientAuth     {@code none}, {@code requested} (default) or {@code required}
 * @param requireFreshCrl refuse certificates while a CRL is past its nextUpdate; default false
 * @param trustedProxies addresses or CIDRs of TLS-terminating proxies allowed to forward a
 *                       client certificate in {@code X-SSL-Client-Cert}
 */
public record TlsConfig(
    String bindAddress,
    Integer port,
    Path certificate,
    Path privateKey,
    Path clientCa,
    List<Path> crls,
    ClientAuth clientAuth,
    Boolean requireFreshCrl,
    List<String> trustedProxies) {

  /** Whether the TLS handshake asks the client for a certificate. */
  public enum ClientAuth { none, requested, required }

  public TlsConfig {
    bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
    port = Checks.port("port", port == null ? 5443 : port);
    Checks.pemFile("certificate", Checks.readableFile("certificate", certificate), "CERTIFICATE");
    Checks.pemFile("privateKey", Checks.secretFile("privateKey", privateKey), "PRIVATE KEY");
    if (clientCa != null) {
      Checks.pemFile("clientCa", Checks.readableFile("clientCa", clientCa), "CERTIFICATE");
    }
    crls = crls == null ? List.of() : List.copyOf(crls);
    for (int i = 0; i < crls.size(); i++) {
      Checks.readableFile("crls[" + i + "]", crls.get(i));
    }
    clientAuth = clientAuth == null ? ClientAuth.requested : clientAuth;
    if (clientAuth != ClientAuth.none && clientCa == null) {
      throw new IllegalArgumentException("clientCa: required when clientAuth is " + clientAuth);
    }
    requireFreshCrl = requireFreshCrl != null && requireFreshCrl;
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
  }
}
