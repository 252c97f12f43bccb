package io.tokenless.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One authentication or authorisation decision, as written to the audit log. Never carries a
 * credential: principals and ids only.
 *
 * @param time       when the decision was taken
 * @param requestId  the request's id ({@code req-<uuid>}), also sent to the client and upstream
 * @param kind       {@code authentication} or {@code authorization}
 * @param mechanism  {@code kerberos}, {@code x509}, {@code token}...; {@code null} when none applied
 * @param principal  what the mechanism proved (Kerberos principal, subject DN); may be {@code null}
 * @param user       the authenticated user's id; may be {@code null}
 * @param scope      {@code project:<id>}, {@code domain:<id>}, {@code system:all}; may be {@code null}
 * @param roles      the role names that decided; empty when none
 * @param onBehalfOf the user a service acted for; {@code null} when the caller acted for itself
 * @param outcome    {@code authenticated}, {@code failed}, {@code unmapped}, {@code allowed}, {@code denied}
 * @param reason     why, for the operator; may be {@code null}
 * @param peer       the client's address
 * @param method     the HTTP method
 * @param path       the request path, without query
 */
public record AuditEvent(Instant time, String requestId, String kind, String mechanism, String principal,
    String user, String scope, List<String> roles, String onBehalfOf, String outcome, String reason, String peer,
    String method, String path) {
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
