package io.tokenless.gateway;

import io.tokenless.audit.AuditLog;
import io.tokenless.config.GatewayConfig;
import io.tokenless.roles.resolve.RoleLookup;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.proxy.LoadBalancingProxyClient;
import io.undertow.server.handlers.proxy.ProxyHandler;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import java.net.URI;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;

/**
 * Gateway mode: the configured routes in front of the server's own API. A request under a
 * route's prefix goes to that route (and from there, if allowed, to its upstream through
 * Undertow's reverse proxy: streamed bodies, pooled keep-alive connections); anything else goes
 * to the server's own handler. Mounted inside the authentication pipeline, so a route sees the
 * caller it established.
 */
public final class Gateway {
  private final List<GatewayRoute> routes;

  private Gateway(List<GatewayRoute> routes) {
    this.routes = routes;
  }

  public static Gateway of(GatewayConfig config, RoleLookup lookup, AuditLog audit) {
    Identities identities = new Identities(lookup);
    Optional<String> adminProject = Optional.ofNullable(config.adminProjectId());
    List<GatewayRoute> routes = config.routes().stream()
        .map(route -> new GatewayRoute(route, identities, proxy(route, config), audit, adminProject))
        .toList();
    return new Gateway(routes);
  }

  /** {@code next} with the routes in front of it. */
  public HttpHandler wrap(HttpHandler next) {
    if (routes.isEmpty()) {
      return next;
    }
    return exchange -> {
      String path = exchange.getRequestPath();
      for (GatewayRoute route : routes) {
        if (path.startsWith(route.prefix())) {
          route.handleRequest(exchange);
          return;
        }
      }
      next.handleRequest(exchange);
    };
  }

  private static HttpHandler proxy(GatewayConfig.Route route, GatewayConfig config) {
    URI upstream = route.upstream();
    String path = upstream.getPath() == null || upstream.getPath().equals("/") ? ""
        : upstream.getPath().replaceAll("/+$", "");
    URI host = URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority() + path);
    OptionMap options = OptionMap.create(Options.TCP_NODELAY, true);
    LoadBalancingProxyClient client = new LoadBalancingProxyClient()
        .setConnectionsPerThread(32)
        .setMaxQueueSize(1_000)
        .setTtl((int) TimeUnit.MINUTES.toMillis(1))
        .setProblemServerRetry(1);
    if (upstream.getScheme().equals("https")) {
      client.addHost(host, null, new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, defaultSsl()), options);
    } else {
      client.addHost(host, null, null, options);
    }
    return ProxyHandler.builder()
        .setProxyClient(new UpstreamClient(client))
        .setMaxRequestTime(config.requestTimeoutMillis())
        .setMaxConnectionRetries(0)
        .setNext(GatewayRoute.noUpstream(upstream.toString()))
        .build();
  }

  private static SSLContext defaultSsl() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no default TLS context", e);
    }
  }
}
