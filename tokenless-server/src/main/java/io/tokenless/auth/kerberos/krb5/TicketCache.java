package io.tokenless.auth.kerberos.krb5;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decrypted tickets by the exact bytes of their sealed enc-part (plus service, etype and kvno).
 * Sound because the enc-part is authenticated: bytes that decrypted once with a service key
 * decrypt to the same plaintext with it again, so a hit can skip the decryption but never the
 * checks on the result (ticket times are checked per request by the caller).
 *
 * <p>Bounded by entry count and by ciphertext bytes held. When either bound is reached, tickets
 * that have expired go first, then arbitrary ones: an evicted ticket only costs a decryption.
 * Entries belong to one keytab generation. The cache's generation only moves forward: the first
 * call with a newer one drops every older entry, so a removed key stops opening tickets at once,
 * and a call with an older one (a request that read the generation just before a reload) is a
 * miss and stores nothing. The byte count is changed only together with the entry it accounts
 * for (inside the map's atomic update for an insert, after a successful conditional remove for a
 * removal), so it stays the sum of what the cache holds. Thread-safe.
 */
final class TicketCache {
  /** Lookup key: the sealed bytes' last 16 bytes (in the MAC) and length, not the whole array. */
  private record Key(String service, int etype, int kvno, int length, long tail0, long tail1) {}

  private record Entry(byte[] cipher, DecryptedTicket ticket, long generation) {}

  private final int maxEntries;
  private final long maxBytes;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long generation;

  TicketCache(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** The cached decryption of exactly these sealed bytes under {@code keysGeneration}, if any. */
  Optional<DecryptedTicket> get(Ticket ticket, long keysGeneration) {
    if (!advanceTo(keysGeneration)) {
      return Optional.empty();
    }
    byte[] cipher = ticket.encPart().cipher();
    Entry entry = entries.get(key(ticket));
    if (entry == null || entry.generation() != keysGeneration || !Arrays.equals(entry.cipher(), cipher)) {
      return Optional.empty();
    }
    return Optional.of(entry.ticket());
  }

  void put(Ticket ticket, DecryptedTicket decrypted, long keysGeneration, long nowSeconds, long skewSeconds) {
    if (!advanceTo(keysGeneration)) {
      return; // opened with keys that have been replaced since
    }
    byte[] cipher = ticket.encPart().cipher();
    if (entries.size() >= maxEntries || bytes.get() + cipher.length > maxBytes) {
      evict(nowSeconds, skewSeconds);
    }
    Entry entry = new Entry(cipher, decrypted, keysGeneration);
    entries.compute(key(ticket), (key, previous) -> {
      bytes.addAndGet(cipher.length - (previous == null ? 0 : previous.cipher().length));
      return entry;
    });
  }

  int size() {
    return entries.size();
  }

  long bytes() {
    return bytes.get();
  }

  long generation() {
    return generation;
  }

  private static Key key(Ticket ticket) {
    EncryptedData data = ticket.encPart();
    byte[] cipher = data.cipher();
    int n = cipher.length;
    return new Key(ticket.serviceName(), data.etype(), data.kvno().orElse(0), n, tail(cipher, n - 16), tail(cipher, n - 8));
  }

  private static long tail(byte[] bytes, int offset) {
    long value = 0;
    for (int i = Math.max(offset, 0); i < offset + 8 && i < bytes.length; i++) {
      value = (value << 8) | (bytes[i] & 0xff);
    }
    return value;
  }

  /**
   * Moves the cache to {@code keysGeneration} when that is newer, dropping older entries; true
   * when the cache is now at exactly that generation, false when it is already past it.
   */
  private boolean advanceTo(long keysGeneration) {
    long current = generation;
    if (keysGeneration == current) {
      return true;
    }
    if (keysGeneration < current) {
      return false;
    }
    synchronized (this) {
      if (keysGeneration > generation) {
        generation = keysGeneration;
        removeWhile(entry -> entry.generation() < keysGeneration, Integer.MAX_VALUE);
      }
      return keysGeneration == generation;
    }
  }

  private synchronized void evict(long nowSeconds, long skewSeconds) {
    long current = generation;
    // Expired first, and what an older keytab opened: no request can use them any more.
    removeWhile(entry -> entry.generation() != current || entry.ticket().part().endtime() + skewSeconds < nowSeconds,
        Integer.MAX_VALUE);
    // Then anything, down to nine tenths of the bounds, so that eviction is not paid per insert.
    removeWhile(entry -> true, Math.max(0, entries.size() - maxEntries * 9 / 10));
    while (bytes.get() > maxBytes * 9 / 10 && !entries.isEmpty()) {
      removeWhile(entry -> true, Math.max(1, entries.size() / 10));
    }
  }

  private void removeWhile(java.util.function.Predicate<Entry> condition, int limit) {
    int removed = 0;
    for (Map.Entry<Key, Entry> slot : entries.entrySet()) {
      if (removed >= limit) {
        return;
      }
      Entry entry = slot.getValue();
      // Conditional: an entry replaced meanwhile stays, and its bytes are not subtracted twice.
      if (condition.test(entry) && entries.remove(slot.getKey(), entry)) {
        bytes.addAndGet(-entry.cipher().length);
        removed++;
      }
    }
  }
}
