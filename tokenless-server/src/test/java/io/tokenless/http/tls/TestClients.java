package io.tokenless.http.tls;

import io.tokenless.pki.IssuedCertificate;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/** JDK HTTP clients for the TLS tests: trust one CA, optionally present one client certificate. */
public final class TestClients {
  private TestClients() {}

  /**
   * A client trusting {@code serverCa} that presents {@code clientCertificate} (its whole chain)
   * whatever CAs the server names, as curl does; the JDK's own key managers would silently send
   * nothing when the issuer is not among them, hiding the server's answer to a bad certificate.
   */
  public static HttpClient client(X509Certificate serverCa, Optional<IssuedCertificate> clientCertificate) {
    return client(serverCa, clientCertificate, List.of("TLSv1.3", "TLSv1.2"));
  }

  public static HttpClient client(X509Certificate serverCa, Optional<IssuedCertificate> clientCertificate,
      List<String> protocols) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(protocols.toArray(String[]::new));
    return HttpClient.newBuilder().sslContext(sslContext(serverCa, clientCertificate)).sslParameters(parameters)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  public static SSLContext sslContext(X509Certificate serverCa, Optional<IssuedCertificate> clientCertificate) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", serverCa);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trust);
      KeyManager[] keyManagers = clientCertificate.map(c -> new KeyManager[] {new FixedKeyManager(c)}).orElse(null);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Always offers its one certificate chain. */
  private static final class FixedKeyManager extends X509ExtendedKeyManager {
    private final IssuedCertificate credential;

    FixedKeyManager(IssuedCertificate credential) {
      this.credential = credential;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      String algorithm = credential.privateKey().getAlgorithm();
      for (String type : keyType) {
        // As the server's key manager: an RSA key serves "RSA" (rsa_pss_rsae_*, rsa_pkcs1_*), not "RSASSA-PSS".
        if (type.equals(algorithm) || type.startsWith(algorithm + "_")) {
          return "client";
        }
      }
      return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"client"};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return credential.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return credential.privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }
}
