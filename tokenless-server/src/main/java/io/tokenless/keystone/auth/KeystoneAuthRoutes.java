package io.tokenless.keystone.auth;

import io.tokenless.catalog.CatalogStore;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keystone's token API under {@code /v3/auth}: issue ({@code POST /v3/auth/tokens}), validate
 * ({@code GET}), check ({@code HEAD}) and revoke ({@code DELETE}) tokens, and the
 * {@code projects}, {@code domains}, {@code catalog} and {@code system} the caller can scope to.
 * Statuses, headers and bodies are Keystone 22's.
 *
 * <p>Every call but {@code POST} is authorised by its own {@code X-Auth-Token}; a missing or
 * bad one is a 401 with the {@code WWW-Authenticate: Keystone uri=".../v3"} challenge. Validating
 * or revoking another user's token follows Keystone's default policy: the caller needs the
 * {@code admin} or {@code service} role, or {@code reader} on the system, unless the token is
 * its own.
 */
public final class KeystoneAuthRoutes {

  private static final Logger SECURITY = LoggerFactory.getLogger("io.tokenless.security");

  /**
   * The caller's token as {@code TokenMechanism} validated it earlier in the same request; the
   * routes use it instead of validating {@code X-Auth-Token} a second time.
   */
  public static final AttachmentKey<ValidToken> CALLER_TOKEN = AttachmentKey.create(ValidToken.class);

  static final HttpString X_AUTH_TOKEN = new HttpString("X-Auth-Token");
  static final HttpString X_SUBJECT_TOKEN = new HttpString("X-Subject-Token");
  /** keystonemiddleware's announcement that it enforces application-credential access rules. */
  static final HttpString ACCESS_RULES_SUPPORT = new HttpString("OpenStack-Identity-Access-Rules");
  private static final double ACCESS_RULES_MIN_VERSION = 1.0;
  private static final HttpString VARY = new HttpString("Vary");
  private static final Set<String> TRUE_VALUES = Set.of("1", "true", "yes", "on", "y", "t");

  private final TokenService tokens;
  private final CatalogStore catalog;
  private final String baseUrl;

  /**
   * @param tokens  issues and validates tokens
   * @param catalog the catalog put into scoped tokens
   * @param baseUrl the server's public URL without trailing slash (links, challenge)
   */
  public KeystoneAuthRoutes(TokenService tokens, CatalogStore catalog, String baseUrl) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
  }

  /** The {@code WWW-Authenticate} challenge of token clients for a server at {@code baseUrl}. */
  public static String challenge(String baseUrl) {
    return "Keystone uri=\"" + baseUrl + "/v3\"";
  }

  /**
   * Whether the request validates or checks a token and brings no {@code Authorization} header:
   * the hot path of every Keystone middleware, answered from memory once its tokens' users and
   * roles are cached, so it may be tried on the IO thread ({@link io.tokenless.web.NonBlocking}).
   * Not with {@code Authorization}: a Negotiate authenticator is accepted once, and an attempt
   * that is thrown away would have used it up.
   */
  public static boolean isTokenValidation(HttpServerExchange exchange) {
    HttpString method = exchange.getRequestMethod();
    return (Methods.GET.equals(method) || Methods.HEAD.equals(method))
        && exchange.getRequestPath().equals("/v3/auth/tokens")
        && !exchange.getRequestHeaders().contains(Headers.AUTHORIZATION);
  }

  public RoutingHandler routes() {
    RoutingHandler routes = Routes.create();
    routes.post("/v3/auth/tokens", this::issue);
    routes.get("/v3/auth/tokens", this::validate);
    routes.add("HEAD", "/v3/auth/tokens", this::check);
    routes.delete("/v3/auth/tokens", this::revoke);
    // Keystone documents GET and HEAD for each of these; HEAD has the same status, no body.
    routes.get("/v3/auth/projects", this::projects);
    routes.add("HEAD", "/v3/auth/projects", this::projects);
    routes.get("/v3/auth/domains", this::domains);
    routes.add("HEAD", "/v3/auth/domains", this::domains);
    routes.get("/v3/auth/catalog", this::catalog);
    routes.add("HEAD", "/v3/auth/catalog", this::catalog);
    routes.get("/v3/auth/system", this::system);
    routes.add("HEAD", "/v3/auth/system", this::system);
    return routes;
  }

  private void issue(HttpServerExchange exchange) {
    AuthRequest request = AuthRequestParser.parse(Json.readTree(exchange));
    Optional<ExternalIdentity> external =
        Optional.ofNullable(exchange.getAttachment(ExternalIdentity.ATTACHMENT));
    IssuedToken issued = tokens.issue(request, external);
    exchange.getResponseHeaders().put(X_SUBJECT_TOKEN, issued.token());
    exchange.getResponseHeaders().put(VARY, "X-Auth-Token");
    Json.send(exchange, 201, TokenBody.of(issued.view(), catalogFor(exchange)));
  }

  private void validate(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    ValidToken subject = subject(exchange, caller, "identity:validate_token");
    exchange.getResponseHeaders().put(X_SUBJECT_TOKEN, header(exchange, X_SUBJECT_TOKEN));
    exchange.getResponseHeaders().put(VARY, "X-Auth-Token");
    Json.send(exchange, 200, TokenBody.of(subject, catalogFor(exchange)));
  }

  private void check(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    subject(exchange, caller, "identity:check_token");
    exchange.getResponseHeaders().put(X_SUBJECT_TOKEN, header(exchange, X_SUBJECT_TOKEN));
    exchange.getResponseHeaders().put(VARY, "X-Auth-Token");
    exchange.setStatusCode(200);
    exchange.endExchange();
  }

  private void revoke(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    ValidToken subject = subject(exchange, caller, "identity:revoke_token");
    tokens.revoke(subject);
    SECURITY.info("Token audit id {} revoked by user {}", subject.payload().auditId(), caller.userId());
    exchange.getResponseHeaders().put(VARY, "X-Auth-Token");
    exchange.setStatusCode(204);
    exchange.endExchange();
  }

  private void projects(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Project project : tokens.projectsOf(caller.userId())) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", project.id());
      p.put("name", project.name());
      p.put("domain_id", project.domainId());
      p.put("description", project.description() == null ? "" : project.description());
      p.put("enabled", project.enabled());
      p.put("parent_id", project.parentId() == null ? project.domainId() : project.parentId());
      p.put("is_domain", false);
      p.put("tags", List.of());
      p.put("options", Map.of());
      p.put("links", Map.of("self", baseUrl + "/v3/projects/" + project.id()));
      list.add(p);
    }
    Json.send(exchange, 200, Map.of("projects", list, "links", links("/v3/auth/projects")));
  }

  private void domains(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Domain domain : tokens.domainsOf(caller.userId())) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("id", domain.id());
      d.put("name", domain.name());
      d.put("description", domain.description() == null ? "" : domain.description());
      d.put("enabled", domain.enabled());
      d.put("tags", List.of());
      d.put("options", Map.of());
      d.put("links", Map.of("self", baseUrl + "/v3/domains/" + domain.id()));
      list.add(d);
    }
    Json.send(exchange, 200, Map.of("domains", list, "links", links("/v3/auth/domains")));
  }

  private void catalog(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    if (caller.scope() instanceof TokenScope.Unscoped) {
      throw new ForbiddenException("A project-scoped token is required to produce a service catalog.");
    }
    Json.send(exchange, 200, Map.of("catalog", TokenBody.catalog(catalog.enabledCatalog()),
        "links", links("/v3/auth/catalog")));
  }

  private void system(HttpServerExchange exchange) {
    ValidToken caller = caller(exchange);
    List<Map<String, Object>> system = tokens.hasSystemRoles(caller.userId())
        ? List.of(Map.of("all", true)) : List.of();
    Json.send(exchange, 200, Map.of("system", system, "links", links("/v3/auth/system")));
  }

  // --- helpers

  /** The caller's own token: 401 with the Keystone challenge when missing or not valid. */
  private ValidToken caller(HttpServerExchange exchange) {
    ValidToken validated = exchange.getAttachment(CALLER_TOKEN);
    if (validated != null) {
      return validated;
    }
    String token = exchange.getRequestHeaders().getFirst(X_AUTH_TOKEN);
    if (token == null || token.isBlank()) {
      throw new UnauthenticatedException(TokenService.UNAUTHENTICATED, List.of(challenge(baseUrl)));
    }
    ValidToken caller;
    try {
      caller = tokens.validate(token.trim(), false);
    } catch (TokenRejectedException e) {
      SECURITY.info("X-Auth-Token refused on {} {}: {}", exchange.getRequestMethod(),
          exchange.getRequestPath(), e.logReason());
      throw new UnauthenticatedException(TokenService.UNAUTHENTICATED, List.of(challenge(baseUrl)));
    }
    if (caller.limitedByAccessRules()) {
      // Access rules name service APIs; this server does not enforce them on its own, so refuses.
      SECURITY.info("X-Auth-Token refused on {} {}: application credential with access rules, audit id {}",
          exchange.getRequestMethod(), exchange.getRequestPath(), caller.payload().auditId());
      throw new UnauthenticatedException(TokenService.UNAUTHENTICATED, List.of(challenge(baseUrl)));
    }
    return caller;
  }

  /** The token named by {@code X-Subject-Token}: 404 when not valid, 403 when not the caller's to see. */
  private ValidToken subject(HttpServerExchange exchange, ValidToken caller, String action) {
    String token = header(exchange, X_SUBJECT_TOKEN);
    if (token == null || token.isBlank()) {
      throw new NotFoundException(TokenRejectedException.UNRECOGNIZED);
    }
    ValidToken subject;
    try {
      subject = tokens.validate(token.trim(), flag(exchange, "allow_expired"));
    } catch (TokenRejectedException e) {
      SECURITY.info("X-Subject-Token refused on {} {}: {}", exchange.getRequestMethod(),
          exchange.getRequestPath(), e.logReason());
      throw new NotFoundException(e.getMessage());
    }
    if (subject.limitedByAccessRules() && !enforcesAccessRules(exchange)) {
      // Keystone: a validator that would not enforce the rules must not be told the token is good.
      SECURITY.info("X-Subject-Token refused on {} {}: application credential with access rules, audit id {},"
          + " and the validator does not enforce them", exchange.getRequestMethod(), exchange.getRequestPath(),
          subject.payload().auditId());
      throw new NotFoundException(TokenRejectedException.FAILED);
    }
    boolean own = caller.userId().equals(subject.userId());
    boolean privileged = caller.hasRole("admin") || caller.hasRole("service")
        || (caller.scope() instanceof TokenScope.SystemScope && caller.hasRole("reader"));
    if (!own && !privileged) {
      throw new ForbiddenException("You are not authorized to perform the requested action: " + action + ".");
    }
    return subject;
  }

  private static boolean enforcesAccessRules(HttpServerExchange exchange) {
    String version = header(exchange, ACCESS_RULES_SUPPORT);
    if (version == null) {
      return false;
    }
    try {
      return Double.parseDouble(version.trim()) >= ACCESS_RULES_MIN_VERSION;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private List<io.tokenless.catalog.CatalogService> catalogFor(HttpServerExchange exchange) {
    return exchange.getQueryParameters().containsKey("nocatalog") ? null : catalog.enabledCatalog();
  }

  private static String header(HttpServerExchange exchange, HttpString name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  private static boolean flag(HttpServerExchange exchange, String name) {
    Deque<String> values = exchange.getQueryParameters().get(name);
    return values != null && !values.isEmpty()
        && TRUE_VALUES.contains(values.getFirst().toLowerCase(java.util.Locale.ROOT));
  }

  private Map<String, Object> links(String path) {
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("self", baseUrl + path);
    links.put("previous", null);
    links.put("next", null);
    return links;
  }
}
