package io.tokenless.fernet;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Keystone Fernet token says, one record per payload version of Keystone's
 * {@code token_formatters.py}. Ids are strings as Keystone shows them (UUIDs as 32 lowercase hex
 * digits); methods are names in Keystone's order (highest bit first when decoded); audit ids are
 * URL-safe base64 of their bytes without padding, this token's first and the chain's second.
 *
 * <p>{@code expiresAt} is kept to the microsecond, the precision of Keystone's datetimes, so that
 * re-packing gives the very float Keystone wrote. Records validate their fields when built; the
 * rules Keystone applies only when packing (which domain ids can be encoded, trust ids being
 * UUIDs) are checked by {@link PayloadCodec#pack}.
 */
public sealed interface TokenPayload {

  /** The payload version: the first msgpack element. */
  int version();

  /** The authenticated user (for a trust token, the trustee). */
  String userId();

  /** Authentication method names. */
  List<String> methods();

  /** When the token stops being valid. */
  Instant expiresAt();

  /** {@code [this token's audit id]} or {@code [this token's audit id, audit chain id]}. */
  List<String> auditIds();

  /** This token's own audit id. */
  default String auditId() {
    return auditIds().get(0);
  }

  /** The audit chain id of a re-scoped token (Keystone's {@code parent_audit_id}). */
  default Optional<String> parentAuditId() {
    return auditIds().size() > 1 ? Optional.of(auditIds().get(1)) : Optional.empty();
  }

  /**
   * The project the token is scoped to: that of a project, trust, application-credential, OAuth
   * or federated project token.
   */
  default Optional<String> projectScope() {
    if (this instanceof ProjectScoped p) {
      return Optional.of(p.projectId());
    } else if (this instanceof TrustScoped p) {
      return Optional.of(p.projectId());
    } else if (this instanceof ApplicationCredentialScoped p) {
      return Optional.of(p.projectId());
    } else if (this instanceof OauthScoped p) {
      return Optional.of(p.projectId());
    } else if (this instanceof FederatedProjectScoped p) {
      return Optional.of(p.projectId());
    }
    return Optional.empty();
  }

  /** The domain the token is scoped to: that of a domain or federated domain token. */
  default Optional<String> domainScope() {
    if (this instanceof DomainScoped d) {
      return Optional.of(d.domainId());
    } else if (this instanceof FederatedDomainScoped d) {
      return Optional.of(d.domainId());
    }
    return Optional.empty();
  }

  /** The system scope ({@code "all"}) of a system-scoped token. */
  default Optional<String> systemScope() {
    return this instanceof SystemScoped s ? Optional.of(s.system()) : Optional.empty();
  }

  /** Whether the token carries no scope at all (versions 0 and 4). */
  default boolean unscoped() {
    return projectScope().isEmpty() && domainScope().isEmpty() && systemScope().isEmpty();
  }

  /** Version 0: no scope. */
  record Unscoped(String userId, List<String> methods, Instant expiresAt, List<String> auditIds)
      implements TokenPayload {
    public Unscoped {
      methods = Checks.methods(methods);
      Checks.id(userId, "userId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 0;
    }
  }

  /** Version 1: scoped to a domain (a UUID, or the default domain's id). */
  record DomainScoped(
      String userId, List<String> methods, String domainId, Instant expiresAt,
      List<String> auditIds) implements TokenPayload {
    public DomainScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(domainId, "domainId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 1;
    }
  }

  /** Version 2: scoped to a project. */
  record ProjectScoped(
      String userId, List<String> methods, String projectId, Instant expiresAt,
      List<String> auditIds) implements TokenPayload {
    public ProjectScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(projectId, "projectId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 2;
    }
  }

  /** Version 3: trust-scoped; the user is the trustee, the project the trust's. */
  record TrustScoped(
      String userId, List<String> methods, String projectId, Instant expiresAt,
      List<String> auditIds, String trustId) implements TokenPayload {
    public TrustScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(projectId, "projectId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
      Checks.id(trustId, "trustId");
    }

    @Override
    public int version() {
      return 3;
    }
  }

  /** Version 4: a federated user without scope. */
  record FederatedUnscoped(
      String userId, List<String> methods, List<String> groupIds, String identityProviderId,
      String protocolId, Instant expiresAt, List<String> auditIds) implements TokenPayload {
    public FederatedUnscoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      groupIds = Checks.ids(groupIds, "groupIds");
      Checks.id(identityProviderId, "identityProviderId");
      Checks.id(protocolId, "protocolId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 4;
    }
  }

  /** Version 5: a federated user scoped to a project. */
  record FederatedProjectScoped(
      String userId, List<String> methods, String projectId, List<String> groupIds,
      String identityProviderId, String protocolId, Instant expiresAt, List<String> auditIds)
      implements TokenPayload {
    public FederatedProjectScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(projectId, "projectId");
      groupIds = Checks.ids(groupIds, "groupIds");
      Checks.id(identityProviderId, "identityProviderId");
      Checks.id(protocolId, "protocolId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 5;
    }
  }

  /** Version 6: a federated user scoped to a domain (packed as an id pair, unlike version 1). */
  record FederatedDomainScoped(
      String userId, List<String> methods, String domainId, List<String> groupIds,
      String identityProviderId, String protocolId, Instant expiresAt, List<String> auditIds)
      implements TokenPayload {
    public FederatedDomainScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(domainId, "domainId");
      groupIds = Checks.ids(groupIds, "groupIds");
      Checks.id(identityProviderId, "identityProviderId");
      Checks.id(protocolId, "protocolId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 6;
    }
  }

  /** Version 7: OAuth1-delegated, scoped to a project. */
  record OauthScoped(
      String userId, List<String> methods, String projectId, String accessTokenId,
      Instant expiresAt, List<String> auditIds) implements TokenPayload {
    public OauthScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(projectId, "projectId");
      Checks.id(accessTokenId, "accessTokenId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 7;
    }
  }

  /** Version 8: system-scoped; {@code system} is {@code "all"} in every Keystone release. */
  record SystemScoped(
      String userId, List<String> methods, String system, Instant expiresAt,
      List<String> auditIds) implements TokenPayload {
    public SystemScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(system, "system");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
    }

    @Override
    public int version() {
      return 8;
    }
  }

  /** Version 9: from an application credential, scoped to the credential's project. */
  record ApplicationCredentialScoped(
      String userId, List<String> methods, String projectId, Instant expiresAt,
      List<String> auditIds, String applicationCredentialId) implements TokenPayload {
    public ApplicationCredentialScoped {
      Checks.id(userId, "userId");
      methods = Checks.methods(methods);
      Checks.id(projectId, "projectId");
      expiresAt = Checks.expiry(expiresAt);
      auditIds = Checks.auditIds(auditIds);
      Checks.id(applicationCredentialId, "applicationCredentialId");
    }

    @Override
    public int version() {
      return 9;
    }
  }

  /** Field checks shared by the records. */
  final class Checks {
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Checks() {}

    static void id(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isEmpty()) {
        throw new IllegalArgumentException(name + " must not be empty");
      }
    }

    static List<String> ids(List<String> values, String name) {
      Objects.requireNonNull(values, name);
      values.forEach(v -> id(v, name + " element"));
      return List.copyOf(values);
    }

    static List<String> methods(List<String> methods) {
      Objects.requireNonNull(methods, "methods");
      return List.copyOf(methods);
    }

    static Instant expiry(Instant expiresAt) {
      Objects.requireNonNull(expiresAt, "expiresAt");
      return expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    static List<String> auditIds(List<String> auditIds) {
      Objects.requireNonNull(auditIds, "auditIds");
      if (auditIds.isEmpty() || auditIds.size() > 2) {
        throw new IllegalArgumentException("one or two audit ids, got " + auditIds.size());
      }
      for (String auditId : auditIds) {
        Objects.requireNonNull(auditId, "audit id");
        byte[] bytes;
        try {
          bytes = DECODER.decode(auditId);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("audit id is not URL-safe base64: " + auditId);
        }
        if (bytes.length == 0 || !ENCODER.encodeToString(bytes).equals(auditId)) {
          throw new IllegalArgumentException("audit id is not unpadded URL-safe base64: " + auditId);
        }
      }
      return List.copyOf(auditIds);
    }
  }
}
