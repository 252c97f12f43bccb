package io.tokenless.demo.load;

import io.tokenless.http.tls.FastTlsCrypto;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Client {@link SSLContext}s from PEM files, the form {@code tokenless dev}, the anchors and
 * openssl write. Bouncy Castle parses the private key (PKCS#8, SEC1 EC or PKCS#1 RSA) and, as
 * in the server, does the ECDSA signatures and X25519 ({@link FastTlsCrypto}); the rest of TLS
 * is the JDK's. The generator's CPU comes off whatever server it loads, so a cheaper handshake
 * here is the same gain for every peer measured.
 */
final class TlsContexts {
  // The in-memory key store never leaves this process; it only needs some password.
  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  private TlsContexts() {}

  /**
   * @param clientCertificate PEM certificate chain to present, with {@code clientKey}; empty for none
   * @param clientKey         PEM private key of that certificate
   * @param trusted           PEM CA certificates to trust; empty for the JDK's default trust store
   * @throws IllegalArgumentException naming the option whose file is unusable
   */
  static TlsMaterial create(Optional<Path> clientCertificate, Optional<Path> clientKey, Optional<Path> trusted) {
    FastTlsCrypto.install();
    try {
      KeyManagerFactory keyManagers = null;
      if (clientCertificate.isPresent()) {
        Path keyFile = clientKey.orElseThrow(() -> new IllegalArgumentException("--key: required with --cert"));
        List<Certificate> chain = certificates(clientCertificate.get(), "--cert");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", privateKey(keyFile), STORE_PASSWORD, chain.toArray(Certificate[]::new));
        keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, STORE_PASSWORD);
      }
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (trusted.isPresent()) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates(trusted.get(), "--cacert")) {
          store.setCertificateEntry("ca" + i++, certificate);
        }
        trustManagers.init(store);
      } else {
        trustManagers.init((KeyStore) null);
      }
      TlsMaterial material = new TlsMaterial(keyManagers == null ? null : keyManagers.getKeyManagers(),
          trustManagers.getTrustManagers());
      material.newContext(); // fails here, at start, rather than on the first connection
      return material;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
    }
  }

  /**
   * Parsed keys and trust, from which contexts are made. Each {@link SSLContext} has its own
   * client session cache, so a new context per connection is how a client makes sure the
   * server sees a full handshake: with TLS 1.3 the tickets that arrive after the handshake
   * would otherwise be offered (and accepted) on the next connection.
   *
   * @param keyManagers   the client certificate, or null for none
   * @param trustManagers whom to trust
   */
  record TlsMaterial(KeyManager[] keyManagers, TrustManager[] trustManagers) {
    SSLContext newContext() {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("TLS context: " + e.getMessage(), e);
      }
    }
  }

  private static List<Certificate> certificates(Path file, String option) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (found.isEmpty()) {
        throw new IllegalArgumentException(option + ": no certificate in " + file);
      }
      return new ArrayList<>(found);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PEMKeyPair pair) {
          return converter.getKeyPair(pair).getPrivate();
        }
        if (item instanceof PrivateKeyInfo info) {
          return converter.getPrivateKey(info);
        }
      }
      throw new IllegalArgumentException("--key: no unencrypted private key in " + file);
    }
  }
}
