package io.tokenless.demo.dataset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The user a benchmark calls {@code /v1/lookup} as: it holds {@code service} on its own
 * project and is bound to the principals it authenticates with, so no mapping rule is needed.
 *
 * @param userName      its name, in the first generated domain
 * @param userId        its id
 * @param projectId     id of its project ({@code ds-services}), also its default project
 * @param serviceRoleId id for the {@code service} role when none exists yet
 * @param passwordHash  bcrypt hash of its password, for Keystone password authentication; empty for none
 * @param bindings      principals bound to it
 */
public record ServiceCaller(String userName, String userId, String projectId, String serviceRoleId,
    Optional<String> passwordHash, List<Binding> bindings) {

  public ServiceCaller {
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(passwordHash, "passwordHash");
    bindings = List.copyOf(bindings);
  }

  /**
   * A row of the {@code principals} table.
   *
   * @param kind  {@code kerberos} or {@code x509}
   * @param value a Kerberos principal ({@code svc@EXAMPLE.COM}), a certificate subject (RFC 2253)
   *              or {@code sha256:<fingerprint>}
   */
  public record Binding(String kind, String value) {
    public Binding {
      if (!kind.equals("kerberos") && !kind.equals("x509")) {
        throw new IllegalArgumentException("principal kind must be kerberos or x509, got " + kind);
      }
      Objects.requireNonNull(value, "value");
    }
  }
}
