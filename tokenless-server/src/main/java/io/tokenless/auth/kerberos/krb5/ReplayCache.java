package io.tokenless.auth.kerberos.krb5;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticators already accepted, so that each is accepted once (RFC 4120 3.2.3). An
 * authenticator is known by its client and the MAC of its ciphertext (as MIT's rcache2 tags
 * entries with a hash of the ciphertext): two genuine authenticators differ in their confounder
 * and so in their MAC, a replayed one matches. Nothing from the clear part of the ticket is part
 * of the key: its service name can be rewritten to another principal that shares the key in the
 * keytab, and the same authenticator must still match. The ctime only picks the bucket.
 *
 * <p>Memory stays bounded in time: entries sit in buckets of {@value #BUCKET_SECONDS} seconds of
 * ctime, and a bucket is dropped whole once all its ctimes are older than now minus the
 * retention (the largest clock skew any acceptor registered, plus one bucket of margin), because
 * the skew check refuses such authenticators before they get here. An authenticator whose bucket
 * has already been dropped is {@link Outcome#FORGOTTEN}, never a first use: after the skew was
 * raised (a new acceptor with a larger skew) its ctime may be one the cache has forgotten.
 *
 * <p>Memory is also bounded in count, against a client that mints authenticators as fast as it
 * can: at {@link #maxEntries()} entries a new authenticator is {@link Outcome#FULL}, refused,
 * and no live entry is evicted to make room (evicting one would let its authenticator be
 * replayed). A WARN says when the cache fills, an INFO when it has room again.
 *
 * <p>Per node and in memory, like the JDK's default cache, and like it one per JVM
 * ({@link #shared}): a second acceptor built on the same keytab (a reload, a second listener)
 * still refuses what the first accepted. Thread-safe: of concurrent first uses of one
 * authenticator exactly one wins.
 */
final class ReplayCache {
  static final long BUCKET_SECONDS = 10;
  private static final Logger log = LoggerFactory.getLogger(ReplayCache.class);
  private static final ReplayCache SHARED = new ReplayCache(0, 1);

  /** What identifies one authenticator; {@code tag} is the 96-bit MAC of its ciphertext. */
  record Entry(String client, long tagHigh, int tagLow) {}

  /** What {@link #record} made of an authenticator. */
  enum Outcome {
    /** Not seen before; now recorded. */
    FIRST_USE,
    /** Recorded before: a replay. */
    REPLAY,
    /** Its ctime is in a bucket already dropped: whether it is a replay cannot be told. */
    FORGOTTEN,
    /** The cache is at its entry bound; not recorded. */
    FULL
  }

  private final AtomicLong retentionSeconds;
  private final AtomicLong maxEntries;
  private final ConcurrentHashMap<Long, Set<Entry>> buckets = new ConcurrentHashMap<>();
  /** Buckets below this one have been dropped. */
  private final AtomicLong droppedBelow = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong entries = new AtomicLong();
  private final AtomicBoolean full = new AtomicBoolean();

  /**
   * A cache of its own (tests, or an acceptor with a clock of its own).
   *
   * @param retentionSeconds how long an authenticator's ctime stays remembered: the clock skew
   * @param maxEntries       the entry bound
   */
  ReplayCache(long retentionSeconds, long maxEntries) {
    this.retentionSeconds = new AtomicLong(retentionSeconds);
    this.maxEntries = new AtomicLong(maxEntries);
  }

  /**
   * The JVM's cache, first raised to remember {@code skewSeconds} and hold {@code maxEntries}:
   * it keeps the largest of each that any acceptor asked for, so that an acceptor with a
   * smaller skew does not drop what one with a larger skew still needs.
   */
  static ReplayCache shared(long skewSeconds, long maxEntries) {
    SHARED.raise(skewSeconds, maxEntries);
    return SHARED;
  }

  /** Raises retention and entry bound to at least these; never lowers them. */
  void raise(long skewSeconds, long maxEntries) {
    this.retentionSeconds.accumulateAndGet(skewSeconds, Math::max);
    this.maxEntries.accumulateAndGet(maxEntries, Math::max);
  }

  /**
   * Records {@code entry}, whose authenticator has {@code ctime} (epoch seconds). The caller
   * has checked that ctime is within its skew of {@code nowSeconds}.
   */
  Outcome record(Entry entry, long ctime, long nowSeconds) {
    sweep(nowSeconds);
    long bucket = Math.floorDiv(ctime, BUCKET_SECONDS);
    if (bucket < droppedBelow.get()) {
      return Outcome.FORGOTTEN;
    }
    Set<Entry> set = buckets.computeIfAbsent(bucket, b -> ConcurrentHashMap.newKeySet());
    long bound = maxEntries.get();
    if (entries.get() >= bound) {
      if (set.contains(entry)) {
        return Outcome.REPLAY;
      }
      if (full.compareAndSet(false, true)) {
        log.warn("Kerberos: replay cache full ({} authenticators within {}s); new authenticators are refused until "
            + "older ones age out. A client minting authenticators in bulk, or kerberos.replayCacheMaxEntries too "
            + "small for the load", bound, retentionSeconds.get());
      }
      return Outcome.FULL;
    }
    if (!set.add(entry)) {
      return Outcome.REPLAY;
    }
    entries.incrementAndGet();
    return Outcome.FIRST_USE;
  }

  long maxEntries() {
    return maxEntries.get();
  }

  long retentionSeconds() {
    return retentionSeconds.get();
  }

  int size() {
    return (int) entries.get();
  }

  int buckets() {
    return buckets.size();
  }

  private void sweep(long nowSeconds) {
    // Buckets ending before this cannot receive or match any authenticator that passes the skew check.
    long oldestLive = Math.floorDiv(nowSeconds - retentionSeconds.get(), BUCKET_SECONDS) - 1;
    long dropped = droppedBelow.get();
    if (oldestLive <= dropped || !droppedBelow.compareAndSet(dropped, oldestLive)) {
      return;
    }
    for (Iterator<Map.Entry<Long, Set<Entry>>> i = buckets.entrySet().iterator(); i.hasNext(); ) {
      Map.Entry<Long, Set<Entry>> bucket = i.next();
      if (bucket.getKey() < oldestLive) {
        i.remove();
        entries.addAndGet(-bucket.getValue().size());
      }
    }
    // Room again below nine tenths, so that a cache kept at its bound logs once, not per bucket.
    if (entries.get() * 10 < maxEntries.get() * 9 && full.compareAndSet(true, false)) {
      log.info("Kerberos: replay cache has room again ({} authenticators)", entries.get());
    }
  }

  /** The entry of an authenticator of {@code client} sealed as {@code sealed} (whose last 12 bytes are the MAC). */
  static Entry entry(String client, byte[] sealed) {
    int n = sealed.length;
    long high = 0;
    for (int i = n - AesCtsHmacSha1.MAC_LENGTH; i < n - 4; i++) {
      high = (high << 8) | (sealed[i] & 0xff);
    }
    int low = ((sealed[n - 4] & 0xff) << 24) | ((sealed[n - 3] & 0xff) << 16) | ((sealed[n - 2] & 0xff) << 8)
        | (sealed[n - 1] & 0xff);
    return new Entry(client, high, low);
  }
}
