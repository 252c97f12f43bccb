package io.tokenless.auth.kerberos.krb5;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authenticators already accepted, so that each is accepted once (RFC 4120 3.2.3). An
 * authenticator is known by client, service, ctime, cusec and the MAC of its ciphertext (as
 * MIT's rcache2 tags entries with a hash of the ciphertext): two genuine authenticators of one
 * client in the same microsecond still differ, a replayed one matches.
 *
 * <p>Memory stays bounded in time: entries sit in buckets of {@value #BUCKET_SECONDS} seconds of
 * ctime, and a bucket is dropped whole once all its ctimes are older than now minus the clock
 * skew (plus one bucket of margin), because the skew check refuses such authenticators before
 * they get here. Per node and in memory, like the JDK's default cache, and like it shared by
 * every acceptor of the JVM ({@link #shared}): a second acceptor built on the same keytab (a
 * reload, a second listener) still refuses what the first accepted. Thread-safe: of concurrent
 * first uses of one authenticator exactly one wins.
 */
final class ReplayCache {
  static final long BUCKET_SECONDS = 10;
  private static final ConcurrentHashMap<Long, ReplayCache> SHARED = new ConcurrentHashMap<>();

  /** What identifies one authenticator; {@code tag} is the 96-bit MAC of its ciphertext. */
  record Entry(String client, String service, long ctime, int cusec, long tagHigh, int tagLow) {}

  private final long skewSeconds;
  private final ConcurrentHashMap<Long, Set<Entry>> buckets = new ConcurrentHashMap<>();
  private final AtomicLong sweptUpTo = new AtomicLong(Long.MIN_VALUE);

  ReplayCache(long skewSeconds) {
    this.skewSeconds = skewSeconds;
  }

  /** The JVM's cache for this clock skew (entries live as long as the skew says). */
  static ReplayCache shared(long skewSeconds) {
    return SHARED.computeIfAbsent(skewSeconds, ReplayCache::new);
  }

  /**
   * Records {@code entry}; false when it was recorded before (a replay). The caller has checked
   * that ctime is within the skew of {@code nowSeconds}.
   */
  boolean firstUse(Entry entry, long nowSeconds) {
    sweep(nowSeconds);
    long bucket = Math.floorDiv(entry.ctime(), BUCKET_SECONDS);
    return buckets.computeIfAbsent(bucket, b -> ConcurrentHashMap.newKeySet()).add(entry);
  }

  int size() {
    return buckets.values().stream().mapToInt(Set::size).sum();
  }

  int buckets() {
    return buckets.size();
  }

  private void sweep(long nowSeconds) {
    // Buckets ending before this cannot receive or match any authenticator that passes the skew check.
    long oldestLive = Math.floorDiv(nowSeconds - skewSeconds, BUCKET_SECONDS) - 1;
    long swept = sweptUpTo.get();
    if (oldestLive > swept && sweptUpTo.compareAndSet(swept, oldestLive)) {
      buckets.keySet().removeIf(bucket -> bucket < oldestLive);
    }
  }

  static Entry entry(String client, String service, Authenticator authenticator, byte[] sealed) {
    int n = sealed.length;
    long high = 0;
    for (int i = n - AesCtsHmacSha1.MAC_LENGTH; i < n - 4; i++) {
      high = (high << 8) | (sealed[i] & 0xff);
    }
    int low = ((sealed[n - 4] & 0xff) << 24) | ((sealed[n - 3] & 0xff) << 16) | ((sealed[n - 2] & 0xff) << 8)
        | (sealed[n - 1] & 0xff);
    return new Entry(client, service, authenticator.ctime(), authenticator.cusec(), high, low);
  }
}
