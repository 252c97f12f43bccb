package io.tokenless.auth.x509;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What {@link ClientCertificateValidator} made of a presented certificate chain. */
public sealed interface ValidationResult {

  /**
   * The chain leads to a trust anchor and the certificate may authenticate a client.
   *
   * @param subjectDn  the subject DN as in {@code SSL_CLIENT_S_DN}
   * @param attributes the mapping attributes ({@link CertificateAttributes}) and
   *                   {@code SSL_CLIENT_VERIFY=SUCCESS}; immutable
   * @param path       the validated path: the client certificate first, then intermediates,
   *                   then the trust anchor's certificate
   */
  record Valid(String subjectDn, Map<String, String> attributes, List<X509Certificate> path)
      implements ValidationResult {
    public Valid {
      Objects.requireNonNull(subjectDn, "subjectDn");
      attributes = Map.copyOf(attributes);
      path = List.copyOf(path);
    }
  }

  /**
   * The certificate is not accepted.
   *
   * @param reason the reason, for the client ({@link RejectReason#clientMessage()})
   * @param detail specifics for the security log: subject, serial, which certificate of the path
   */
  record Rejected(RejectReason reason, String detail) implements ValidationResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
