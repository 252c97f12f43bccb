/**
 * Client certificate validation, independent of the HTTP server: a
 * {@link io.tokenless.auth.x509.ClientCertificateValidator} built from a
 * {@link io.tokenless.auth.x509.ValidatorConfig} turns a presented chain into a
 * {@link io.tokenless.auth.x509.ValidationResult}: valid, with the mod_ssl-named mapping
 * attributes of {@link io.tokenless.auth.x509.CertificateAttributes}, or rejected with a
 * {@link io.tokenless.auth.x509.RejectReason}.
 */
package io.tokenless.auth.x509;
