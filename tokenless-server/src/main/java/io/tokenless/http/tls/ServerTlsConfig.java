package io.tokenless.http.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.List;

/**
 * The files and policy of a TLS listener.
 *
 * @param keyFile          the server's private key: PKCS#8 ({@code BEGIN PRIVATE KEY}) RSA or EC,
 *                         or {@code BEGIN EC PRIVATE KEY} / {@code BEGIN RSA PRIVATE KEY}
 * @param certificateFile  the server certificate, followed by the intermediates to send
 * @param clientCaFiles    PEM bundles of the CAs named in the certificate request as acceptable
 *                         issuers of client certificates (normally the same files as the
 *                         validator's trust anchors); empty to name none, which lets clients
 *                         send any certificate
 * @param clientAuth       whether client certificates are requested
 * @param reloadInterval   how often the files are checked for changes (default one second)
 */
public record ServerTlsConfig(Path keyFile, Path certificateFile, List<Path> clientCaFiles,
    ClientAuthMode clientAuth, Duration reloadInterval) {
  public ServerTlsConfig {
    Objects.requireNonNull(keyFile, "keyFile");
    Objects.requireNonNull(certificateFile, "certificateFile");
    clientCaFiles = List.copyOf(clientCaFiles);
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
  }

  /** Server key and certificate, client certificates requested from the CAs in {@code clientCaFiles}. */
  public static ServerTlsConfig of(Path keyFile, Path certificateFile, List<Path> clientCaFiles,
      ClientAuthMode clientAuth) {
    return new ServerTlsConfig(keyFile, certificateFile, clientCaFiles, clientAuth, Duration.ofSeconds(1));
  }

  public ServerTlsConfig withReloadInterval(Duration interval) {
    return new ServerTlsConfig(keyFile, certificateFile, clientCaFiles, clientAuth, interval);
  }
}
