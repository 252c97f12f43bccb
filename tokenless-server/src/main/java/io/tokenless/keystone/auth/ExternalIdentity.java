package io.tokenless.keystone.auth;

import io.undertow.util.AttachmentKey;
import java.util.Objects;

/**
 * The identity a request proved by itself, already mapped to a user: the hook through which the
 * authentication pipeline lets {@code POST /v3/auth/tokens} bridge Kerberos and client
 * certificates to Keystone tokens. The pipeline puts it on the exchange under
 * {@link #ATTACHMENT} after SPNEGO or the client certificate succeeded and identity mapping
 * named a user; the token API then accepts method {@code method} for that user. Without the
 * attachment those methods fail with 401.
 *
 * @param method    {@code kerberos} or {@code x509}
 * @param userId    the mapped user
 * @param principal the proven name (Kerberos principal, certificate subject), for the log
 */
public record ExternalIdentity(String method, String userId, String principal) {

  /** Where the pipeline attaches the identity. */
  public static final AttachmentKey<ExternalIdentity> ATTACHMENT =
      AttachmentKey.create(ExternalIdentity.class);

  public ExternalIdentity {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(principal, "principal");
  }
}
