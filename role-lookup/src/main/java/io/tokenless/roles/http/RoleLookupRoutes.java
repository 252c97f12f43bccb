package io.tokenless.roles.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.error.PayloadTooLargeException;
import io.tokenless.roles.resolve.Directory;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.web.Json;
import io.tokenless.web.Routes;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The role lookup API for services:
 * <ul>
 *   <li>{@code GET /v1/lookup?user_id=…|principal=…[&principal_kind=kerberos|x509]
 *       &project_id=…|project_name=…&project_domain=…|domain_id=…|domain_name=…|system=all}
 *       → {@code {user, scope, roles, revision}}; unknown user or scope is a 404;</li>
 *   <li>{@code POST /v1/lookup} with {@code {"queries": [ {same keys}, … ]}} (at most
 *       {@value #MAX_QUERIES}) → {@code {"results": [ answer | {"error": {status, title, detail}} ]}}
 *       in the same order; a query that names nothing known fails alone, a database outage fails
 *       the whole request (503).</li>
 * </ul>
 * Only callers holding {@code service} or {@code admin} may ask (403 otherwise; 401 without a
 * {@link Caller}). Handlers block: mount them behind {@code io.tokenless.web.ErrorHandler}.
 */
public final class RoleLookupRoutes {
  /** Most queries one batch may carry. */
  public static final int MAX_QUERIES = 1000;

  private final LookupService service;

  public RoleLookupRoutes(RoleLookup lookup, Directory directory) {
    this.service = new LookupService(lookup, directory);
  }

  /** The routes, to be merged with {@code routes.addAll(...)}. */
  public RoutingHandler routes() {
    RoutingHandler routes = Routes.create();
    routes.get("/v1/lookup", this::lookupOne);
    routes.post("/v1/lookup", this::lookupMany);
    return routes;
  }

  private void lookupOne(HttpServerExchange exchange) {
    Caller.requireService(exchange);
    Map<String, Deque<String>> parameters = exchange.getQueryParameters();
    LookupQuery query = LookupQuery.from(name -> single(parameters, name));
    Json.send(exchange, 200, LookupJson.answer(service.answer(query)));
  }

  private void lookupMany(HttpServerExchange exchange) {
    Caller.requireService(exchange);
    JsonNode body = Json.readTree(exchange);
    JsonNode queries = body.get("queries");
    if (queries == null || !queries.isArray()) {
      throw new BadRequestException("the body must be {\"queries\": [...]}");
    }
    if (queries.size() > MAX_QUERIES) {
      throw new PayloadTooLargeException("at most " + MAX_QUERIES + " queries per request, got " + queries.size());
    }
    List<Object> results = new ArrayList<>(queries.size());
    // Batches often repeat a question (one user, many resources in the same project).
    Map<LookupQuery, Object> answered = new HashMap<>();
    for (JsonNode node : queries) {
      try {
        if (node.isObject()) {
          rejectUnknown(node);
        }
        LookupQuery query = LookupQuery.from(name -> text(node, name));
        results.add(answered.computeIfAbsent(query, q -> LookupJson.answer(service.answer(q))));
      } catch (NotFoundException | BadRequestException failure) {
        results.add(LookupJson.error(failure));
      }
    }
    Json.send(exchange, 200, Map.of("results", results));
  }

  private static String single(Map<String, Deque<String>> parameters, String name) {
    Deque<String> values = parameters.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new BadRequestException(name + " given more than once");
    }
    return values.getFirst();
  }

  private static String text(JsonNode query, String name) {
    if (!query.isObject()) {
      throw new BadRequestException("each query must be a JSON object");
    }
    JsonNode value = query.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequestException(name + " must be a string");
    }
    return value.asText();
  }

  /** Unknown members of a query are rejected, so a typo does not silently widen a question. */
  static void rejectUnknown(JsonNode query) {
    for (Iterator<String> names = query.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!LookupQuery.PARAMETERS.contains(name)) {
        throw new BadRequestException("unknown query member: " + name);
      }
    }
  }
}
