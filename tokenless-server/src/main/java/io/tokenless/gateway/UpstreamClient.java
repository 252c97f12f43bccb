package io.tokenless.gateway;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyClient;
import io.undertow.server.handlers.proxy.ProxyConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ProxyClient} that remembers on the exchange when no upstream connection could be
 * had, so {@link UpstreamFailures} can answer {@code 502} rather than the proxy's {@code 503}.
 * Connections, pooling and keep-alive are the delegate's.
 */
final class UpstreamClient implements ProxyClient {
  private final ProxyClient delegate;

  UpstreamClient(ProxyClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public ProxyTarget findTarget(HttpServerExchange exchange) {
    return delegate.findTarget(exchange);
  }

  @Override
  public void getConnection(ProxyTarget target, HttpServerExchange exchange, ProxyCallback<ProxyConnection> callback,
      long timeout, TimeUnit timeUnit) {
    delegate.getConnection(target, exchange, new ProxyCallback<>() {
      @Override
      public void completed(HttpServerExchange exchange, ProxyConnection result) {
        callback.completed(exchange, result);
      }

      @Override
      public void failed(HttpServerExchange exchange) {
        exchange.putAttachment(UpstreamFailures.UNREACHABLE, true);
        callback.failed(exchange);
      }

      @Override
      public void queuedRequestFailed(HttpServerExchange exchange) {
        exchange.putAttachment(UpstreamFailures.UNREACHABLE, true);
        callback.queuedRequestFailed(exchange);
      }

      @Override
      public void couldNotResolveBackend(HttpServerExchange exchange) {
        exchange.putAttachment(UpstreamFailures.UNREACHABLE, true);
        callback.couldNotResolveBackend(exchange);
      }
    }, timeout, timeUnit);
  }

  @Override
  public List<ProxyTarget> getAllTargets() {
    return delegate.getAllTargets();
  }
}
