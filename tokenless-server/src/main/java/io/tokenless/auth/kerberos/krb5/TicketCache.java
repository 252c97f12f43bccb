package io.tokenless.auth.kerberos.krb5;

import java.util.Arrays;
import java.util.Iterator;
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
 * Entries belong to one keytab generation and are dropped when the keytab changes, so a removed
 * key stops opening tickets at once. Thread-safe.
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
    dropIfStale(keysGeneration);
    byte[] cipher = ticket.encPart().cipher();
    Entry entry = entries.get(key(ticket));
    if (entry == null || entry.generation() != keysGeneration || !Arrays.equals(entry.cipher(), cipher)) {
      return Optional.empty();
    }
    return Optional.of(entry.ticket());
  }

  void put(Ticket ticket, DecryptedTicket decrypted, long keysGeneration, long nowSeconds, long skewSeconds) {
    if (keysGeneration < generation) {
      return; // opened with keys that have been replaced since
    }
    dropIfStale(keysGeneration);
    byte[] cipher = ticket.encPart().cipher();
    if (entries.size() >= maxEntries || bytes.get() + cipher.length > maxBytes) {
      evict(nowSeconds, skewSeconds);
    }
    Entry previous = entries.put(key(ticket), new Entry(cipher, decrypted, keysGeneration));
    bytes.addAndGet(cipher.length - (previous == null ? 0 : previous.cipher().length));
  }

  int size() {
    return entries.size();
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

  private void dropIfStale(long keysGeneration) {
    if (keysGeneration != generation) {
      synchronized (this) {
        if (keysGeneration != generation) {
          generation = keysGeneration;
          entries.clear();
          bytes.set(0);
        }
      }
    }
  }

  private synchronized void evict(long nowSeconds, long skewSeconds) {
    // Expired first: no request can use them any more.
    removeWhile(entry -> entry.ticket().part().endtime() + skewSeconds < nowSeconds, Integer.MAX_VALUE);
    // Then anything, down to nine tenths of the bounds, so that eviction is not paid per insert.
    removeWhile(entry -> true, Math.max(0, entries.size() - maxEntries * 9 / 10));
    while (bytes.get() > maxBytes * 9 / 10 && !entries.isEmpty()) {
      removeWhile(entry -> true, Math.max(1, entries.size() / 10));
    }
  }

  private void removeWhile(java.util.function.Predicate<Entry> condition, int limit) {
    Iterator<Entry> iterator = entries.values().iterator();
    int removed = 0;
    while (iterator.hasNext() && removed < limit) {
      Entry entry = iterator.next();
      if (condition.test(entry)) {
        iterator.remove();
        bytes.addAndGet(-entry.cipher().length);
        removed++;
      }
    }
  }
}
