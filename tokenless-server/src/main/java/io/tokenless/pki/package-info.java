/**
 * A small PKI for development and tests: {@link io.tokenless.pki.CertificateAuthority} (a CA kept
 * in a directory or in memory: issue, revoke, CRL, OCSP answers),
 * {@link io.tokenless.pki.CertificateBuilder} (any certificate, including deliberately bad
 * ones), {@link io.tokenless.pki.DevPki} (the files {@code tokenless dev} serves and hands to
 * clients) and {@link io.tokenless.pki.Pem} (reading and writing the PEM files). Knows nothing
 * of HTTP.
 */
package io.tokenless.pki;
