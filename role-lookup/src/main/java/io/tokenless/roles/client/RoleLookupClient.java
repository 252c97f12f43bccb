package io.tokenless.roles.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.TokenlessException;
import io.tokenless.error.UnauthenticatedException;
import io.tokenless.error.UnavailableException;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.ScopeInfo;
import io.tokenless.roles.model.Subject;
import io.tokenless.web.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A service's client for the role lookup API over HTTPS. The service proves who it is with the
 * given {@link SSLContext} (a client certificate) or an {@code Authorization} header (e.g. a
 * fresh SPNEGO token per request). Answers are cached briefly: the client hears of no
 * invalidation, so {@code cacheTtl} bounds how long a revoked role may still be seen here.
 *
 * <p>Failures arrive as the error model: 404 {@link NotFoundException}, 403
 * {@link ForbiddenException}, 401 {@link UnauthenticatedException} (with the server's challenges),
 * 400 {@link BadRequestException}, and {@link UnavailableException} for a 503, any other status
 * or an unreachable server. Thread-safe.
 */
public final class RoleLookupClient {

  /**
   * Client settings.
   *
   * @param baseUri       the Tokenless server, e.g. {@code https://identity.example.com:5000}
   * @param sslContext    trust (and, for mutual TLS, the service's key)
   * @param authorization an {@code Authorization} header value per request, or empty
   * @param timeout       per request
   * @param cacheSize     answers kept; 0 disables the cache
   * @param cacheTtl      how long an answer is reused
   */
  public record Settings(URI baseUri, SSLContext sslContext, Supplier<Optional<String>> authorization,
      Duration timeout, int cacheSize, Duration cacheTtl) {
    public Settings {
      Objects.requireNonNull(baseUri, "baseUri");
      Objects.requireNonNull(sslContext, "sslContext");
      Objects.requireNonNull(authorization, "authorization");
      if (cacheSize < 0) {
        throw new IllegalArgumentException("cacheSize must not be negative");
      }
    }

    /** Mutual TLS, 5 s time-out, 10,000 answers for 5 s. */
    public static Settings of(URI baseUri, SSLContext sslContext) {
      return new Settings(baseUri, sslContext, Optional::empty, Duration.ofSeconds(5), 10_000, Duration.ofSeconds(5));
    }
  }

  private record Cached(EffectiveRoles roles, long expiresAt) {}

  private final Settings settings;
  private final HttpClient http;
  private final Map<LookupRequest, Cached> cache;
  private final long ttlNanos;

  public RoleLookupClient(Settings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder()
        .sslContext(settings.sslContext())
        .connectTimeout(settings.timeout())
        .build();
    this.ttlNanos = settings.cacheTtl().toNanos();
    int max = settings.cacheSize();
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<LookupRequest, Cached> eldest) {
        return size() > max;
      }
    };
  }

  /** The effective roles for one request ({@code GET /v1/lookup}). */
  public EffectiveRoles lookup(LookupRequest request) {
    long now = System.nanoTime();
    synchronized (cache) {
      Cached hit = cache.get(request);
      if (hit != null && now - hit.expiresAt() < 0) {
        return hit.roles();
      }
    }
    StringJoiner query = new StringJoiner("&");
    request.parameters().forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    HttpRequest.Builder builder = HttpRequest.newBuilder(settings.baseUri().resolve("/v1/lookup?" + query)).GET();
    EffectiveRoles roles = parse(send(builder));
    if (settings.cacheSize() > 0) {
      synchronized (cache) {
        cache.put(request, new Cached(roles, System.nanoTime() + ttlNanos));
      }
    }
    return roles;
  }

  /**
   * Many requests at once ({@code POST /v1/lookup}, at most 1000), answered in order; a request
   * that names nothing known yields its failure in place of an answer.
   */
  public List<Result> lookupAll(List<LookupRequest> requests) {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(Map.of("queries", requests.stream().map(LookupRequest::parameters).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lookup batch not serialisable", e);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(settings.baseUri().resolve("/v1/lookup"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    JsonNode results = send(builder).get("results");
    List<Result> out = new ArrayList<>(results.size());
    for (JsonNode result : results) {
      JsonNode error = result.get("error");
      out.add(error == null ? new Result(Optional.of(parse(result)), Optional.empty())
          : new Result(Optional.empty(), Optional.of(failure(error.path("status").asInt(), error.path("detail").asText(), null))));
    }
    return out;
  }

  /** One answer of a batch: roles, or why there are none. */
  public record Result(Optional<EffectiveRoles> roles, Optional<TokenlessException> failure) {}

  private JsonNode send(HttpRequest.Builder builder) {
    builder.timeout(settings.timeout()).header("Accept", "application/json");
    settings.authorization().get().ifPresent(value -> builder.header("Authorization", value));
    HttpResponse<byte[]> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UnavailableException("role lookup server unreachable: " + e.getMessage(), Duration.ofSeconds(1), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while waiting for the role lookup server", Duration.ofSeconds(1), e);
    }
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UnavailableException("unreadable answer from the role lookup server (status "
          + response.statusCode() + ")", Duration.ofSeconds(1), e);
    }
    if (response.statusCode() != 200) {
      throw failure(response.statusCode(), json.path("detail").asText(""), response);
    }
    return json;
  }

  private static TokenlessException failure(int status, String detail, HttpResponse<?> response) {
    return switch (status) {
      case 400 -> new BadRequestException(detail);
      case 401 -> new UnauthenticatedException(detail,
          response == null ? List.of() : response.headers().allValues("WWW-Authenticate"));
      case 403 -> new ForbiddenException(detail);
      case 404 -> new NotFoundException(detail);
      default -> {
        long seconds = response == null ? 1
            : response.headers().firstValueAsLong("Retry-After").orElse(1);
        yield new UnavailableException("role lookup failed with status " + status + ": " + detail,
            Duration.ofSeconds(seconds), null);
      }
    };
  }

  private static EffectiveRoles parse(JsonNode json) {
    JsonNode user = json.get("user");
    Subject subject = new Subject(user.get("id").asText(), user.get("name").asText(),
        user.at("/domain/id").asText(), user.at("/domain/name").asText());
    JsonNode scope = json.get("scope");
    ScopeInfo info;
    if (scope.has("project")) {
      JsonNode p = scope.get("project");
      info = new ScopeInfo(Scope.project(p.get("id").asText()), p.get("name").asText(),
          p.at("/domain/id").asText(), p.at("/domain/name").asText());
    } else if (scope.has("domain")) {
      JsonNode d = scope.get("domain");
      info = new ScopeInfo(Scope.domain(d.get("id").asText()), d.get("name").asText(), null, null);
    } else {
      info = new ScopeInfo(Scope.system(), "all", null, null);
    }
    List<RoleRef> roles = new ArrayList<>();
    for (JsonNode role : json.get("roles")) {
      roles.add(new RoleRef(role.get("id").asText(), role.get("name").asText()));
    }
    return new EffectiveRoles(subject, info, roles, json.get("revision").asLong());
  }
}
