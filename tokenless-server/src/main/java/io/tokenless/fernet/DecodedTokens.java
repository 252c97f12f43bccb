package io.tokenless.fernet;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already decrypted and parsed, by their exact text, each with the key set that
 * decrypted it.
 *
 * <p>A service validates the same few tokens over and over (its own, on every call, and each
 * caller's while it lasts), and decryption plus msgpack decoding is a fifth of a validation's
 * CPU. Both are pure functions of the text and the key set, so an entry answers only while the
 * key source still gives that same key set: a rotation, or a key removed, empties the cache in
 * effect. Expiry and revocation are not cached; the caller checks them on every validation.
 *
 * <p>Only tokens that decrypted are kept, so filling the cache takes valid tokens. The bound is
 * kept with two generations rather than by evicting entries one at a time (which, in a
 * {@link ConcurrentHashMap}, means scanning ever more emptied bins): new entries go into the
 * recent map; when it holds half the bound it becomes the older map and the one before is
 * dropped. A hit in the older map moves the entry back into the recent one, so tokens in use
 * stay, and a miss costs one decryption.
 */
final class DecodedTokens {

  private record Entry(FernetKeys keys, ValidatedToken token) {}

  private final int generationSize;
  private volatile ConcurrentHashMap<String, Entry> recent = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<String, Entry> older = new ConcurrentHashMap<>();

  DecodedTokens(int maximumSize) {
    if (maximumSize < 0) {
      throw new IllegalArgumentException("maximum size must not be negative");
    }
    this.generationSize = maximumSize / 2;
  }

  /** What {@code token} decoded to under {@code keys}, or null if it is not known under them. */
  ValidatedToken get(String token, FernetKeys keys) {
    Entry entry = recent.get(token);
    if (entry == null) {
      entry = older.get(token);
      if (entry == null || entry.keys() != keys) {
        return null;
      }
      add(token, entry);
    }
    return entry.keys() == keys ? entry.token() : null;
  }

  void put(String token, FernetKeys keys, ValidatedToken decoded) {
    add(token, new Entry(keys, decoded));
  }

  private void add(String token, Entry entry) {
    if (generationSize == 0) {
      return;
    }
    ConcurrentHashMap<String, Entry> current = recent;
    current.put(token, entry);
    if (current.size() >= generationSize) {
      startGeneration(current);
    }
  }

  private synchronized void startGeneration(ConcurrentHashMap<String, Entry> full) {
    if (recent == full) {
      older = full;
      recent = new ConcurrentHashMap<>();
    }
  }

  /** Entries held now, both generations (a token can be in both for a moment). */
  int size() {
    return recent.size() + older.size();
  }
}
