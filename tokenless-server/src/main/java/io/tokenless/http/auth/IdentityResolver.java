package io.tokenless.http.auth;

import io.tokenless.auth.AuthenticatedPrincipal;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.mapping.MappedIdentity;
import io.tokenless.mapping.Provision;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.model.User;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.store.RoleStore;
import java.util.Optional;

/**
 * Turns an authenticated principal into the user it stands for: a token names its user by id;
 * a Kerberos principal or a certificate is first looked up among the principals bound to users
 * (a certificate by its SHA-256 fingerprint, then by subject), then by the mapping rules, which
 * may provision a shadow user. A disabled user or domain is refused like an unknown one.
 */
public final class IdentityResolver {
  static final String TOKEN_USER_ID = "user_id";
  static final String CERT_FINGERPRINT = "SSL_CLIENT_CERT_SHA256";

  /** Cache key: the whole principal, since mapping rules may read any of its attributes. */
  private record Resolution(AuthenticatedPrincipal principal) {}

  /**
   * Cache key of a token's user: its id alone. A token principal's other attributes (audit id,
   * times) differ from token to token and say nothing about who the user is.
   */
  private record TokenUser(String userId) {}

  /** What is cached: the user and its domain, both enabled. */
  private record Found(User user, Domain domain) {}

  private final RoleStore store;
  private final IdentityMapper mapper;
  private final CachingRoleLookup cache;

  /**
   * @param cache keeps resolutions until the next write to the role model anywhere (a disabled
   *              user, a new binding), so a request needs no query to find its user
   */
  public IdentityResolver(RoleStore store, IdentityMapper mapper, CachingRoleLookup cache) {
    this.store = store;
    this.mapper = mapper;
    this.cache = cache;
  }

  /** The user, or empty with nothing created when the principal stands for nobody. */
  public Optional<ResolvedUser> resolve(AuthenticatedPrincipal principal) {
    Object key = isToken(principal) ? new TokenUser(principal.attributes().get(TOKEN_USER_ID))
        : new Resolution(principal);
    Optional<Found> found = cache.remember(key, () -> resolveNow(principal));
    return found.map(f -> new ResolvedUser(principal, f.user(), f.domain()));
  }

  private static boolean isToken(AuthenticatedPrincipal principal) {
    return principal.mechanism().equals("token") || principal.mechanism().equals("password");
  }

  private Optional<Found> resolveNow(AuthenticatedPrincipal principal) {
    Optional<User> user = switch (principal.mechanism()) {
      case "token", "password" -> Optional.ofNullable(principal.attributes().get(TOKEN_USER_ID))
          .flatMap(id -> store.users().find(id));
      case "kerberos" -> store.users().findUserByPrincipal(PrincipalKind.KERBEROS, principal.name())
          .or(() -> mapped(principal));
      case "x509" -> Optional.ofNullable(principal.attributes().get(CERT_FINGERPRINT))
          .flatMap(fingerprint -> store.users().findUserByPrincipal(PrincipalKind.X509, "sha256:" + fingerprint))
          .or(() -> store.users().findUserByPrincipal(PrincipalKind.X509, principal.name()))
          .or(() -> mapped(principal));
      default -> Optional.empty();
    };
    return user.filter(User::enabled).flatMap(u -> store.domains().find(u.domainId())
        .filter(Domain::enabled)
        .map(domain -> new Found(u, domain)));
  }

  private Optional<User> mapped(AuthenticatedPrincipal principal) {
    Optional<MappedIdentity> mapped = mapper.map(principal);
    if (mapped.isEmpty()) {
      return Optional.empty();
    }
    MappedIdentity identity = mapped.get();
    Optional<Domain> domain = findDomain(identity.domain());
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    Optional<User> existing = store.users().findByName(domain.get().id(), identity.userName());
    if (existing.isPresent() || identity.provision() != Provision.SHADOW) {
      return existing;
    }
    User shadow = store.users().create(new User(Ids.random(), identity.userName(), domain.get().id(), true, null,
        "provisioned from " + principal.mechanism() + " principal", null), null);
    for (String group : identity.groups()) {
      store.groups().findByName(domain.get().id(), group)
          .ifPresent(g -> store.groups().addMember(g.id(), shadow.id()));
    }
    return Optional.of(shadow);
  }

  private Optional<Domain> findDomain(DomainRef ref) {
    return ref.isById() ? store.domains().find(ref.id()) : store.domains().findByName(ref.name());
  }
}
