package io.tokenless.server;

import io.tokenless.db.Database;
import io.tokenless.db.revocation.PostgresRevocations;
import io.tokenless.roles.cache.CachingRoleLookup;
import io.tokenless.roles.http.Caller;
import io.tokenless.web.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /v1/status}, for admins only: the figures of this process that cannot be seen from
 * outside it — revocation events held in memory, the PostgreSQL pool, cached role answers — so an
 * operator (or the soak test) can tell a bounded process from a growing one. Process figures an
 * operating system already shows (memory, threads, file descriptors) are not repeated here.
 */
final class StatusRoutes {
  private final PostgresRevocations revocations;
  private final Database database;
  private final CachingRoleLookup cache;

  StatusRoutes(PostgresRevocations revocations, Database database, CachingRoleLookup cache) {
    this.revocations = revocations;
    this.database = database;
    this.cache = cache;
  }

  RoutingHandler routes() {
    return new RoutingHandler(false).get("/v1/status", this::status);
  }

  private void status(HttpServerExchange exchange) {
    Caller.requireAdmin(exchange);
    Database.PoolFigures pool = database.poolFigures();
    Map<String, Object> databasePool = new LinkedHashMap<>();
    databasePool.put("active", pool.active());
    databasePool.put("idle", pool.idle());
    databasePool.put("total", pool.total());
    databasePool.put("waiting", pool.waiting());
    databasePool.put("maximum", pool.maximum());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("revocation_events", revocations.size());
    body.put("role_cache_entries", cache.size());
    body.put("database_pool", databasePool);
    Json.send(exchange, 200, body);
  }
}
