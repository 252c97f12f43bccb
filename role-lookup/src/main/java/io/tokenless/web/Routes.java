package io.tokenless.web;

import io.tokenless.error.MethodNotAllowedException;
import io.tokenless.error.NotFoundException;
import io.undertow.predicate.Predicate;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatcher;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Routing tables whose misses speak our error model: an unknown path is a {@code 404}, a known
 * path with the wrong method a {@code 405} whose {@code Allow} header lists the methods the path
 * serves. Modules build their routes with {@link #create()} too and contribute them with
 * {@link RoutingHandler#addAll(RoutingHandler)}, so the methods of every route are known where
 * they are merged.
 */
public final class Routes {
  private Routes() {}

  public static RoutingHandler create() {
    Table routes = new Table();
    routes.setFallbackHandler(exchange -> {
      throw new NotFoundException("no resource at " + exchange.getRequestPath());
    });
    routes.setInvalidMethodHandler(exchange -> {
      throw new MethodNotAllowedException(exchange.getRequestMethod().toString(),
          routes.allowed(exchange.getRelativePath()));
    });
    return routes;
  }

  /** A routing table that also remembers which methods each path template serves. */
  private static final class Table extends RoutingHandler {
    private final PathTemplateMatcher<Set<String>> methods = new PathTemplateMatcher<>();

    Table() {
      super(false);
    }

    // RoutingHandler's get, post, put, delete and add(String, ...) all end in these two.
    @Override
    public synchronized RoutingHandler add(HttpString method, String template, HttpHandler handler) {
      super.add(method, template, handler);
      remember(template, List.of(method.toString()));
      return this;
    }

    @Override
    public synchronized RoutingHandler add(HttpString method, String template, Predicate predicate,
        HttpHandler handler) {
      super.add(method, template, predicate, handler);
      remember(template, List.of(method.toString()));
      return this;
    }

    /** Merges the other table's routes; a plain {@link RoutingHandler}'s methods stay unknown. */
    @Override
    public synchronized RoutingHandler addAll(RoutingHandler other) {
      super.addAll(other);
      if (other instanceof Table table) {
        synchronized (table) {
          for (var template : table.methods.getPathTemplates()) {
            remember(template.getTemplateString(), table.methods.get(template.getTemplateString()));
          }
        }
      }
      return this;
    }

    private void remember(String template, Iterable<String> served) {
      Set<String> known = methods.get(template);
      if (known == null) {
        known = new LinkedHashSet<>();
        methods.add(template, known);
      }
      served.forEach(known::add);
    }

    /** The methods the template matching {@code path} serves, in the order they were added. */
    List<String> allowed(String path) {
      var match = methods.match(path);
      return match == null ? List.of() : List.copyOf(match.getValue());
    }
  }
}
