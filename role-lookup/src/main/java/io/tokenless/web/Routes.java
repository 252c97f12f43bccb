package io.tokenless.web;

import io.tokenless.error.MethodNotAllowedException;
import io.tokenless.error.NotFoundException;
import io.undertow.server.RoutingHandler;

/**
 * Routing tables whose misses speak our error model: an unknown path is a {@code 404}, a known
 * path with the wrong method a {@code 405}. Modules contribute routes with
 * {@link RoutingHandler#addAll(RoutingHandler)}.
 */
public final class Routes {
  private Routes() {}

  public static RoutingHandler create() {
    RoutingHandler routes = new RoutingHandler(false);
    routes.setFallbackHandler(exchange -> {
      throw new NotFoundException("no resource at " + exchange.getRequestPath());
    });
    routes.setInvalidMethodHandler(exchange -> {
      throw new MethodNotAllowedException(exchange.getRequestMethod().toString(), java.util.List.of());
    });
    return routes;
  }
}
