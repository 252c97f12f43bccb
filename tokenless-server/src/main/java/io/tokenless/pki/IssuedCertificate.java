package io.tokenless.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate together with its private key and the intermediates a peer needs to reach the
 * root.
 *
 * @param privateKey the key certified by {@code chain.get(0)}; never printed by {@link #toString()}
 * @param chain      the certificate first, then the issuing intermediates up to (not including)
 *                   the self-signed root; never empty
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {
  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain must hold at least the certificate itself");
    }
  }

  /** The certificate itself. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** Writes the chain to {@code certificateFile} and the PKCS#8 key (mode 0600) to {@code keyFile}. */
  public void writeTo(Path certificateFile, Path keyFile) throws IOException {
    Pem.writeCertificates(certificateFile, chain);
    Pem.writePrivateKey(keyFile, privateKey);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[" + certificate().getSubjectX500Principal().getName()
        + ", serial " + certificate().getSerialNumber().toString(16) + ", key redacted]";
  }
}
