package io.tokenless.keystone.auth;

import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.fernet.AuditIds;
import io.tokenless.fernet.AuthMethods;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.KeySource;
import io.tokenless.fernet.PayloadCodec;
import io.tokenless.fernet.InvalidTokenException;
import io.tokenless.fernet.TokenPayload;
import io.tokenless.fernet.TokenProvider;
import io.tokenless.fernet.ValidatedToken;
import io.tokenless.keystone.auth.AuthRequest.Credential;
import io.tokenless.keystone.auth.AuthRequest.DomainRef;
import io.tokenless.revocation.Revocations;
import io.tokenless.revocation.TokenValues;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.cache.Memo;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.resolve.EffectiveAssignment;
import io.tokenless.roles.resolve.EffectiveAssignments;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.roles.store.RoleStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keystone's token provider logic over our stores: authenticates an auth request and issues a
 * Fernet token, and validates tokens the way Keystone 22 does — decrypt, expiry, revocation
 * events, user and domain enabled, scope enabled, and at least one role on the scope, with the
 * roles recomputed from the assignments of now. Trust-scoped and application-credential tokens
 * carry what their trust ({@link TrustGrants}) or credential ({@link CredentialGrants}) lends now.
 *
 * <p>Failures: {@link #validate} throws {@link TokenRejectedException} (404 on
 * {@code GET /v3/auth/tokens}, 401 as {@code X-Auth-Token}); {@link #issue} throws
 * {@link UnauthenticatedException} with Keystone's one vague message, whatever went wrong (the
 * reason goes to the security log). Both let {@code UnavailableException} through when
 * PostgreSQL is down.
 */
public final class TokenService {

  private static final Logger SECURITY = LoggerFactory.getLogger("io.tokenless.security");

  /** Keystone's message for every failed authentication (details are not given to clients). */
  public static final String UNAUTHENTICATED = "The request you have made requires authentication.";

  private final TokenProvider provider;
  private final AuthMethods methods;
  private final RoleStore store;
  private final RoleLookup roles;
  private final Memo memo;
  private final EffectiveAssignments assignments;
  private final Revocations revocations;
  private final Clock clock;
  private final Duration lifetime;
  private final List<String> challenges;
  private final EnabledScopes scopes;
  private final UserRefs userRefs;
  private final Delegations delegations;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param provider    issues and decrypts Fernet tokens
   * @param methods     the method bitmask the provider's payload codec uses
   * @param memo        remembers what validation reads from the role model until the next write
   * @param lifetime    lifetime of new tokens (Keystone's {@code [token] expiration})
   * @param challenges  the {@code WWW-Authenticate} challenges of a 401
   */
  public TokenService(TokenProvider provider, AuthMethods methods, RoleStore store, RoleLookup roles,
      Memo memo, EffectiveAssignments assignments, Revocations revocations, Clock clock, Duration lifetime,
      List<String> challenges) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.methods = Objects.requireNonNull(methods, "methods");
    this.store = Objects.requireNonNull(store, "store");
    this.roles = Objects.requireNonNull(roles, "roles");
    this.memo = Objects.requireNonNull(memo, "memo");
    this.assignments = Objects.requireNonNull(assignments, "assignments");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    this.challenges = List.copyOf(challenges);
    this.scopes = new EnabledScopes(store);
    this.userRefs = new UserRefs(store);
    this.delegations = new Delegations(store, roles, scopes, userRefs);
  }

  /**
   * The auth methods of the token bitmask: Keystone's default {@code [auth] methods} followed by
   * the bridging methods. The first six bits mean what they mean in a default Keystone, so
   * tokens stay interchangeable; a Keystone that should read our Kerberos and certificate tokens
   * lists {@code kerberos,x509} after its defaults.
   */
  public static final List<String> TOKEN_METHODS = List.of("external", "password", "token", "oauth1",
      "mapped", "application_credential", "kerberos", "x509");

  /**
   * The service as the server runs it: Fernet tokens from {@code keys} with Keystone's payloads
   * (default domain {@code default}), the system clock and Keystone's allow-expired window.
   */
  public static TokenService create(KeySource keys, RoleStore store, CachingRoleLookup roles,
      EffectiveAssignments assignments, Revocations revocations, Duration lifetime, String baseUrl) {
    AuthMethods methods = new AuthMethods(TOKEN_METHODS);
    TokenProvider provider = new FernetTokenProvider(keys, new PayloadCodec(methods, "default"),
        Clock.systemUTC(), FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW);
    return new TokenService(provider, methods, store, roles, roles, assignments, revocations, Clock.systemUTC(),
        lifetime, List.of(KeystoneAuthRoutes.challenge(baseUrl)));
  }

  // --- validation

  /**
   * Validates a token as Keystone's {@code GET /v3/auth/tokens} does.
   *
   * @param allowExpired accept a token up to the allow-expired window past its expiry
   */
  public ValidToken validate(String token, boolean allowExpired) throws TokenRejectedException {
    ValidatedToken decrypted;
    try {
      decrypted = provider.validate(token, allowExpired);
    } catch (InvalidTokenException e) {
      String message = e.reason() == InvalidTokenException.Reason.EXPIRED
          ? TokenRejectedException.FAILED : TokenRejectedException.UNRECOGNIZED;
      throw new TokenRejectedException(message, e.reason() + ": " + e.detail());
    }
    TokenPayload payload = decrypted.payload();
    String auditId = payload.auditId();
    Subject subject = memo.remember(SubjectKey.of(payload), () -> subjectOf(payload));
    if (subject.refusal() != null) {
      throw failed(auditId, subject.refusal());
    }
    Grant grant = subject.grant();
    // Time passes without a write: a remembered trust's expiry is checked on every validation.
    if (Delegations.expired(grant, clock.instant())) {
      throw failed(auditId, "its trust has expired");
    }
    ValidToken valid = new ValidToken(payload, decrypted.issuedAt(), subject.user(), subject.userDomain(),
        grant.scope(), grant.roles(), grant.delegation());
    if (revocations.isRevoked(values(valid))) {
      throw failed(auditId, "revoked");
    }
    return valid;
  }

  /** Revokes one token by its audit id ({@code DELETE /v3/auth/tokens}). */
  public void revoke(ValidToken token) {
    revocations.revokeAuditId(token.payload().auditId());
  }

  /**
   * What every token of one user on one scope (through one trust or credential) shares: the user,
   * the scope, the roles of now and where they come from, or why such tokens are refused.
   * Remembered until the next role-model write (trusts and credentials included), so validating
   * a token reads nothing from PostgreSQL.
   */
  private record Subject(User user, Domain userDomain, Grant grant, String refusal) {
    static Subject refused(String refusal) {
      return new Subject(null, null, null, refusal);
    }
  }

  /**
   * The memo key of a payload's subject: its kind, user, scope and trust or application
   * credential (the payloads themselves carry times and audit ids, which differ from token to
   * token).
   */
  private record SubjectKey(Class<?> kind, String userId, Scope scope, String delegationId) {
    static SubjectKey of(TokenPayload payload) {
      return new SubjectKey(payload.getClass(), payload.userId(), targetOf(payload), delegationOf(payload));
    }
  }

  private static Scope targetOf(TokenPayload payload) {
    if (payload.projectScope().isPresent()) {
      return Scope.project(payload.projectScope().get());
    }
    if (payload.domainScope().isPresent()) {
      return Scope.domain(payload.domainScope().get());
    }
    return payload.systemScope().isPresent() ? Scope.system() : null;
  }

  private static String delegationOf(TokenPayload payload) {
    if (payload instanceof TokenPayload.TrustScoped t) {
      return t.trustId();
    }
    if (payload instanceof TokenPayload.ApplicationCredentialScoped c) {
      return c.applicationCredentialId();
    }
    return null;
  }

  private Subject subjectOf(TokenPayload payload) {
    Optional<User> user = store.users().find(payload.userId());
    if (user.isEmpty()) {
      return Subject.refused("user no longer exists");
    }
    if (!user.get().enabled()) {
      return Subject.refused("user is disabled");
    }
    Optional<Domain> userDomain = store.domains().find(user.get().domainId()).filter(Domain::enabled);
    if (userDomain.isEmpty()) {
      return Subject.refused("the user's domain is disabled or gone");
    }
    Grant grant;
    try {
      grant = grantOf(payload);
    } catch (TokenRejectedException e) {
      return Subject.refused(e.logReason());
    }
    if (!(grant.scope() instanceof TokenScope.Unscoped) && grant.roles().isEmpty()) {
      return Subject.refused("user has no role on the scope any more");
    }
    return new Subject(user.get(), userDomain.get(), grant, null);
  }

  private Grant grantOf(TokenPayload payload) throws TokenRejectedException {
    try {
      Optional<Grant> delegated = delegations.ofToken(payload);
      if (delegated.isPresent()) {
        return delegated.get();
      }
    } catch (DelegationRefusedException e) {
      throw refusal(e.logReason());
    }
    TokenScope scope = scopeOf(payload);
    List<RoleRef> roleRefs = rolesOn(payload.userId(), scope).orElseThrow(() -> refusal("scope is gone or disabled"));
    return new Grant(scope, roleRefs, Delegation.NONE);
  }

  private TokenScope scopeOf(TokenPayload payload) throws TokenRejectedException {
    if (payload instanceof TokenPayload.Unscoped) {
      return new TokenScope.Unscoped();
    }
    if (payload instanceof TokenPayload.ProjectScoped p) {
      return scopes.project(p.projectId()).orElseThrow(() -> refusal("project or its domain disabled or gone"));
    }
    if (payload instanceof TokenPayload.DomainScoped d) {
      return new TokenScope.DomainScope(store.domains().find(d.domainId()).filter(Domain::enabled)
          .orElseThrow(() -> refusal("domain disabled or gone")));
    }
    if (payload instanceof TokenPayload.SystemScoped) {
      return new TokenScope.SystemScope();
    }
    // Federation and OAuth1 tokens need state we do not keep.
    throw refusal("payload version " + payload.version() + " is not served here");
  }

  private static TokenRejectedException refusal(String reason) {
    return new TokenRejectedException(TokenRejectedException.FAILED, reason);
  }

  /**
   * Keystone's flattened token values for revocation matching: what the payload says, plus the
   * user's domain and the roles of now.
   */
  static TokenValues values(ValidToken token) {
    Set<String> roleIds = token.roles().stream().map(RoleRef::id).collect(Collectors.toSet());
    TokenValues values = TokenValues.of(token.payload(), token.issuedAt())
        .withIdentityDomainId(token.user().domainId())
        .withRoleIds(roleIds);
    if (token.delegation() instanceof Delegation.ByTrust trust) {
      // An event naming the trustor as user revokes the tokens of its trusts too, as in Keystone.
      values = values.withTrustorId(trust.trust().trustorUserId());
    }
    return values;
  }

  private Optional<List<RoleRef>> rolesOn(String userId, TokenScope scope) {
    Scope target = null;
    if (scope instanceof TokenScope.ProjectScope p) {
      target = Scope.project(p.project().id());
    } else if (scope instanceof TokenScope.DomainScope d) {
      target = Scope.domain(d.domain().id());
    } else if (scope instanceof TokenScope.SystemScope) {
      target = Scope.system();
    }
    if (target == null) {
      return Optional.of(List.of());
    }
    try {
      return Optional.of(roles.effectiveRoles(userId, target).roles());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static TokenRejectedException failed(String auditId, String reason) {
    return new TokenRejectedException(TokenRejectedException.FAILED, reason + " (audit id " + auditId + ")");
  }

  // --- issue

  /**
   * Authenticates the request and issues a token, as Keystone's {@code POST /v3/auth/tokens}.
   *
   * @param external the identity the request proved by itself, for {@code kerberos}/{@code x509}
   */
  public IssuedToken issue(AuthRequest request, Optional<ExternalIdentity> external) {
    String userId = null;
    ValidToken parent = null;
    ApplicationCredential credential = null;
    for (Credential method : request.credentials()) {
      String authenticated;
      if (method instanceof AuthRequest.PasswordCredential password) {
        authenticated = password(password);
      } else if (method instanceof AuthRequest.TokenCredential token) {
        parent = parentToken(token.token());
        authenticated = parent.userId();
      } else if (method instanceof AuthRequest.ApplicationCredentialCredential secret) {
        credential = applicationCredential(secret);
        authenticated = credential.userId();
      } else {
        authenticated = external((AuthRequest.ExternalCredential) method, external);
      }
      if (userId != null && !userId.equals(authenticated)) {
        throw unauthenticated("methods identified different users " + userId + " and " + authenticated);
      }
      userId = authenticated;
    }
    User user = requireUsable(userId);
    Grant grant = grantFor(request.scope(), user, credential);

    Set<String> methodNames = new LinkedHashSet<>(request.methods());
    Instant expiresAt = clock.instant().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
    List<String> auditIds = new ArrayList<>();
    auditIds.add(AuditIds.random(random));
    if (parent != null) {
      // Keystone: a re-scoped token keeps the parent's expiry and methods, and its audit chain.
      methodNames.addAll(parent.methods());
      expiresAt = parent.expiresAt();
      auditIds.add(parent.payload().parentAuditId().orElse(parent.payload().auditId()));
    }
    expiresAt = Delegations.expiry(expiresAt, credential);
    List<String> normalised = methods.fromBitmask(methods.toBitmask(methodNames));
    TokenPayload payload = payloadFor(user.id(), normalised, grant, expiresAt, auditIds);
    try {
      delegations.useFor(grant);
    } catch (DelegationRefusedException e) {
      throw refused(e);
    }
    String token = provider.issue(payload);
    Instant issuedAt;
    try {
      issuedAt = provider.validate(token, true).issuedAt();
    } catch (InvalidTokenException e) {
      throw new IllegalStateException("a token just issued does not validate: " + e.reason(), e);
    }
    Domain userDomain = store.domains().get(user.domainId());
    ValidToken view = new ValidToken(payload, issuedAt, user, userDomain, grant.scope(), grant.roles(),
        grant.delegation());
    SECURITY.info("Issued token audit id {} to user {} by {} on {}{}", auditIds.get(0), user.id(),
        normalised, describe(grant.scope()), describe(grant.delegation()));
    return new IssuedToken(token, view);
  }

  /** The scope and roles of a new token: what a credential or trust lends, else the user's own. */
  private Grant grantFor(AuthRequest.ScopeRequest scopeRequest, User user, ApplicationCredential credential) {
    try {
      Optional<Grant> delegated = delegations.forNewToken(scopeRequest, user.id(), credential, clock.instant());
      if (delegated.isPresent()) {
        return delegated.get();
      }
    } catch (DelegationRefusedException e) {
      throw refused(e);
    }
    TokenScope scope = resolveScope(scopeRequest, user);
    List<RoleRef> roleRefs = rolesOn(user.id(), scope).orElse(List.of());
    if (!(scope instanceof TokenScope.Unscoped) && roleRefs.isEmpty()) {
      throw unauthenticated("user " + user.id() + " has no role on " + describe(scope));
    }
    return new Grant(scope, roleRefs, Delegation.NONE);
  }

  private ApplicationCredential applicationCredential(AuthRequest.ApplicationCredentialCredential secret) {
    try {
      return delegations.authenticate(secret, clock.instant());
    } catch (DelegationRefusedException e) {
      throw refused(e);
    }
  }

  /** Keystone's answer to a delegation that grants nothing: 404, 403, or the vague 401. */
  private RuntimeException refused(DelegationRefusedException e) {
    return switch (e.status()) {
      case 404 -> {
        SECURITY.info("Token request refused: {}", e.logReason());
        yield new NotFoundException(e.getMessage());
      }
      case 403 -> {
        SECURITY.info("Token request refused: {}", e.logReason());
        yield new ForbiddenException(e.getMessage());
      }
      default -> unauthenticated(e.logReason());
    };
  }

  private String password(AuthRequest.PasswordCredential credential) {
    try {
      Optional<User> user = findUser(credential.user());
      // Verify even for an unknown user: the same bcrypt work, so timing tells nothing.
      String userId = user.map(User::id).orElse("unknown");
      boolean ok = store.users().verifyPassword(userId, credential.password());
      if (user.isEmpty() || !ok) {
        throw unauthenticated(user.isEmpty() ? "password for an unknown user " + credential.user()
            : "wrong password for user " + userId);
      }
      return userId;
    } finally {
      Arrays.fill(credential.password(), '\0');
    }
  }

  private Optional<User> findUser(AuthRequest.UserRef ref) {
    return userRefs.user(ref);
  }

  private Optional<Domain> findDomain(DomainRef ref) {
    return userRefs.domain(ref);
  }

  private ValidToken parentToken(String token) {
    ValidToken parent;
    try {
      parent = validate(token, false);
    } catch (TokenRejectedException e) {
      throw unauthenticated("token method with an invalid token: " + e.logReason());
    }
    Optional<String> refusal = Delegations.rescopeRefusal(parent);
    if (refusal.isPresent()) {
      SECURITY.info("Token request refused: token method with the delegated token audit id {}",
          parent.payload().auditId());
      throw new ForbiddenException(refusal.get());
    }
    return parent;
  }

  private String external(AuthRequest.ExternalCredential credential, Optional<ExternalIdentity> identity) {
    if (!AuthRequestParser.EXTERNAL_METHODS.contains(credential.method())) {
      throw unauthenticated("unsupported auth method " + credential.method());
    }
    ExternalIdentity proven = identity
        .filter(i -> i.method().equals(credential.method()))
        .orElseThrow(() -> unauthenticated("method " + credential.method()
            + " without a " + credential.method() + " identity on the request"));
    return proven.userId();
  }

  private User requireUsable(String userId) {
    User user = store.users().find(userId)
        .orElseThrow(() -> unauthenticated("user " + userId + " is gone"));
    if (!user.enabled()) {
      throw unauthenticated("user " + userId + " is disabled");
    }
    store.domains().find(user.domainId()).filter(Domain::enabled)
        .orElseThrow(() -> unauthenticated("domain of user " + userId + " is disabled"));
    return user;
  }

  private TokenScope resolveScope(AuthRequest.ScopeRequest request, User user) {
    if (request instanceof AuthRequest.ProjectRequest p) {
      Optional<Project> project = p.id() != null
          ? store.projects().find(p.id())
          : findDomain(p.domain()).flatMap(d -> store.projects().findByName(d.id(), p.name()));
      Project found = project.filter(Project::enabled)
          .orElseThrow(() -> unauthenticated("project " + p + " unknown or disabled"));
      Domain domain = store.domains().find(found.domainId()).filter(Domain::enabled)
          .orElseThrow(() -> unauthenticated("domain of project " + found.id() + " is disabled"));
      return new TokenScope.ProjectScope(found, domain);
    }
    if (request instanceof AuthRequest.DomainRequest d) {
      return new TokenScope.DomainScope(findDomain(d.domain()).filter(Domain::enabled)
          .orElseThrow(() -> unauthenticated("domain " + d.domain() + " unknown or disabled")));
    }
    if (request instanceof AuthRequest.SystemRequest) {
      return new TokenScope.SystemScope();
    }
    if (request instanceof AuthRequest.UnscopedRequest) {
      return new TokenScope.Unscoped();
    }
    return defaultScope(user);
  }

  /** Keystone scopes to the default project when it is usable and the user has a role there. */
  private TokenScope defaultScope(User user) {
    if (user.defaultProjectId() == null) {
      return new TokenScope.Unscoped();
    }
    Optional<Project> project = store.projects().find(user.defaultProjectId()).filter(Project::enabled);
    Optional<Domain> domain = project.flatMap(p -> store.domains().find(p.domainId())).filter(Domain::enabled);
    if (project.isEmpty() || domain.isEmpty()) {
      return new TokenScope.Unscoped();
    }
    TokenScope scope = new TokenScope.ProjectScope(project.get(), domain.get());
    return rolesOn(user.id(), scope).filter(r -> !r.isEmpty()).isPresent() ? scope : new TokenScope.Unscoped();
  }

  /** Keystone's payload precedence: trust (3), application credential (9), then by scope. */
  private static TokenPayload payloadFor(String userId, List<String> methodNames, Grant grant,
      Instant expiresAt, List<String> auditIds) {
    TokenScope scope = grant.scope();
    if (grant.delegation() instanceof Delegation.ByTrust trust) {
      return new TokenPayload.TrustScoped(userId, methodNames, trust.trust().projectId(), expiresAt, auditIds,
          trust.trust().id());
    }
    if (grant.delegation() instanceof Delegation.ByApplicationCredential credential) {
      return new TokenPayload.ApplicationCredentialScoped(userId, methodNames, credential.credential().projectId(),
          expiresAt, auditIds, credential.credential().id());
    }
    if (scope instanceof TokenScope.ProjectScope p) {
      return new TokenPayload.ProjectScoped(userId, methodNames, p.project().id(), expiresAt, auditIds);
    }
    if (scope instanceof TokenScope.DomainScope d) {
      return new TokenPayload.DomainScoped(userId, methodNames, d.domain().id(), expiresAt, auditIds);
    }
    if (scope instanceof TokenScope.SystemScope) {
      return new TokenPayload.SystemScoped(userId, methodNames, "all", expiresAt, auditIds);
    }
    return new TokenPayload.Unscoped(userId, methodNames, expiresAt, auditIds);
  }

  static String describe(TokenScope scope) {
    if (scope instanceof TokenScope.ProjectScope p) {
      return "project " + p.project().id();
    }
    if (scope instanceof TokenScope.DomainScope d) {
      return "domain " + d.domain().id();
    }
    return scope instanceof TokenScope.SystemScope ? "system all" : "no scope";
  }

  private static String describe(Delegation delegation) {
    if (delegation instanceof Delegation.ByTrust trust) {
      return " through trust " + trust.trust().id();
    }
    if (delegation instanceof Delegation.ByApplicationCredential credential) {
      return " with application credential " + credential.credential().id();
    }
    return "";
  }

  private UnauthenticatedException unauthenticated(String reason) {
    SECURITY.info("Token request refused: {}", reason);
    return new UnauthenticatedException(UNAUTHENTICATED, challenges);
  }

  // --- what the user can scope to

  /** Enabled projects on which the user has an effective role, by name. */
  public List<Project> projectsOf(String userId) {
    return targetsOf(userId, Target.Type.PROJECT).stream()
        .map(id -> store.projects().find(id))
        .flatMap(Optional::stream)
        .filter(Project::enabled)
        .filter(p -> store.domains().find(p.domainId()).map(Domain::enabled).orElse(false))
        .sorted(Comparator.comparing(Project::name).thenComparing(Project::id))
        .toList();
  }

  /** Enabled domains on which the user has an effective role, by name. */
  public List<Domain> domainsOf(String userId) {
    return targetsOf(userId, Target.Type.DOMAIN).stream()
        .map(id -> store.domains().find(id))
        .flatMap(Optional::stream)
        .filter(Domain::enabled)
        .sorted(Comparator.comparing(Domain::name).thenComparing(Domain::id))
        .toList();
  }

  /** Whether the user has a role on the system. */
  public boolean hasSystemRoles(String userId) {
    return !roles.effectiveRoles(userId, Scope.system()).roles().isEmpty();
  }

  private Set<String> targetsOf(String userId, Target.Type type) {
    Set<String> ids = new TreeSet<>();
    for (EffectiveAssignment assignment : assignments.effectiveAssignments(AssignmentFilter.all().withUser(userId))) {
      Target target = assignment.effective().target();
      if (target.type() == type) {
        ids.add(target.id());
      }
    }
    return ids;
  }
}
