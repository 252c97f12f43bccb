package io.tokenless.config;

/**
 * The effective-role cache. Entries are dropped early by cluster-wide invalidation; the TTL
 * bounds how long answers are served while PostgreSQL is unreachable.
 *
 * @param ttlSeconds entry lifetime; default 60
 * @param maxEntries entries kept; default 100,000
 */
public record CacheConfig(Integer ttlSeconds, Integer maxEntries) {
  public CacheConfig {
    ttlSeconds = Checks.between("ttlSeconds", ttlSeconds == null ? 60 : ttlSeconds, 1, 86_400);
    maxEntries = Checks.between("maxEntries", maxEntries == null ? 100_000 : maxEntries, 1, 10_000_000);
  }

  public static CacheConfig defaults() {
    return new CacheConfig(null, null);
  }
}
