package io.tokenless.keystone.admin;

import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keystone's links: every entity carries {@code links.self} under the public URL, every
 * collection {@code links: {self, previous, next}} (we never paginate, so the last two are
 * always {@code null}).
 */
final class Links {
  private final String baseUrl;

  /** @param baseUrl the server's public URL, with or without a trailing slash */
  Links(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** {@code <base>/v3<path>}, e.g. {@code url("/projects/abc")}. */
  String url(String path) {
    return baseUrl + "/v3" + path;
  }

  Map<String, Object> self(String collection, String id) {
    return Map.of("self", url("/" + collection + "/" + id));
  }

  /** A collection body: {@code {<key>: items, links: {self, previous, next}}}. */
  Map<String, Object> collection(HttpServerExchange exchange, String key, List<?> items) {
    Map<String, Object> links = new LinkedHashMap<>();
    String query = exchange.getQueryString();
    links.put("self", baseUrl + exchange.getRequestPath() + (query == null || query.isEmpty() ? "" : "?" + query));
    links.put("previous", null);
    links.put("next", null);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(key, items);
    body.put("links", links);
    return body;
  }
}
