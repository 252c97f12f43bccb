package io.tokenless.http.auth;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.AuthenticatedPrincipal;
import io.tokenless.fernet.KeystoneTime;
import io.tokenless.keystone.auth.Delegation;
import io.tokenless.keystone.auth.KeystoneAuthRoutes;
import io.tokenless.keystone.auth.TokenRejectedException;
import io.tokenless.keystone.auth.TokenScope;
import io.tokenless.keystone.auth.TokenService;
import io.tokenless.keystone.auth.ValidToken;
import io.tokenless.roles.model.RoleRef;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keystone tokens in {@code X-Auth-Token}: the request is authenticated when the token passes
 * the whole of Keystone's validation (Fernet, expiry, revocation events, user, domain and scope
 * still enabled, a role on the scope). Without the header the mechanism is not attempted; a bad
 * token fails with Keystone's vague message and the reason in the log.
 *
 * <p>The principal is named by the id of the user the token acts for (the trustor of an
 * impersonating trust, else the token's user, as keystonemiddleware shows it) and carries these
 * attributes:
 * <ul>
 *   <li>{@code user_id}, {@code user_name}, {@code user_domain_id}, {@code user_domain_name} of
 *       that user;
 *   <li>{@code scope}: {@code project}, {@code domain}, {@code system} or {@code unscoped};
 *       with {@code project_id}, {@code project_name}, {@code project_domain_id} for a project,
 *       {@code domain_id}, {@code domain_name} for a domain, {@code system} = {@code all};
 *   <li>{@code roles} and {@code role_ids}: comma-separated names and ids, recomputed now (what a
 *       trust or application credential lends, for tokens scoped to one);
 *   <li>for a trust token {@code trust_id}, {@code trustor_id}, {@code trustee_id},
 *       {@code impersonation}; for an application-credential token
 *       {@code application_credential_id};
 *   <li>{@code audit_id} (this token's), {@code audit_ids} (comma-separated, Keystone's order),
 *       {@code methods} (comma-separated), {@code expires_at} and {@code issued_at} in
 *       Keystone's format.
 * </ul>
 *
 * <p>Tokens of application credentials with access rules are refused: the rules name service
 * APIs, and nothing here enforces them.
 */
public final class TokenMechanism implements AuthMechanism {

  static final HttpString X_AUTH_TOKEN = new HttpString("X-Auth-Token");

  private final TokenService tokens;
  private final String challenge;

  /** @param baseUrl the server's public URL without trailing slash, for the challenge */
  public TokenMechanism(TokenService tokens, String baseUrl) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.challenge = KeystoneAuthRoutes.challenge(baseUrl);
  }

  @Override
  public String name() {
    return "token";
  }

  @Override
  public Optional<String> challenge() {
    return Optional.of(challenge);
  }

  @Override
  public AuthOutcome authenticate(HttpServerExchange exchange) {
    String token = exchange.getRequestHeaders().getFirst(X_AUTH_TOKEN);
    if (token == null || token.isBlank()) {
      return new AuthOutcome.NotAttempted();
    }
    try {
      ValidToken valid = tokens.validate(token.trim(), false);
      if (valid.limitedByAccessRules()) {
        return new AuthOutcome.Failed(TokenService.UNAUTHENTICATED,
            "application credential with access rules, audit id " + valid.payload().auditId());
      }
      // The token API's routes need the whole token (scope, roles); spare them a second check.
      exchange.putAttachment(KeystoneAuthRoutes.CALLER_TOKEN, valid);
      return new AuthOutcome.Authenticated(
          new AuthenticatedPrincipal("token", valid.actingUser().id(), attributes(valid)));
    } catch (TokenRejectedException e) {
      return new AuthOutcome.Failed(TokenService.UNAUTHENTICATED, e.logReason());
    }
  }

  /** The principal's attributes for a valid token; see the class comment. */
  public static Map<String, String> attributes(ValidToken token) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("user_id", token.actingUser().id());
    attributes.put("user_name", token.actingUser().name());
    attributes.put("user_domain_id", token.actingUserDomain().id());
    attributes.put("user_domain_name", token.actingUserDomain().name());
    if (token.delegation() instanceof Delegation.ByTrust trust) {
      attributes.put("trust_id", trust.trust().id());
      attributes.put("trustor_id", trust.trust().trustorUserId());
      attributes.put("trustee_id", trust.trust().trusteeUserId());
      attributes.put("impersonation", Boolean.toString(trust.trust().impersonation()));
    } else if (token.delegation() instanceof Delegation.ByApplicationCredential credential) {
      attributes.put("application_credential_id", credential.credential().id());
    }
    if (token.scope() instanceof TokenScope.ProjectScope p) {
      attributes.put("scope", "project");
      attributes.put("project_id", p.project().id());
      attributes.put("project_name", p.project().name());
      attributes.put("project_domain_id", p.domain().id());
    } else if (token.scope() instanceof TokenScope.DomainScope d) {
      attributes.put("scope", "domain");
      attributes.put("domain_id", d.domain().id());
      attributes.put("domain_name", d.domain().name());
    } else if (token.scope() instanceof TokenScope.SystemScope) {
      attributes.put("scope", "system");
      attributes.put("system", "all");
    } else {
      attributes.put("scope", "unscoped");
    }
    attributes.put("roles", token.roles().stream().map(RoleRef::name).collect(Collectors.joining(",")));
    attributes.put("role_ids", token.roles().stream().map(RoleRef::id).collect(Collectors.joining(",")));
    attributes.put("audit_id", token.payload().auditId());
    attributes.put("audit_ids", String.join(",", token.auditIds()));
    attributes.put("methods", String.join(",", token.methods()));
    attributes.put("expires_at", KeystoneTime.render(token.expiresAt()));
    attributes.put("issued_at", KeystoneTime.render(token.issuedAt()));
    return attributes;
  }
}
