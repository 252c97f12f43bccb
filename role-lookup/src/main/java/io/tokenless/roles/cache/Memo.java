package io.tokenless.roles.cache;

import java.util.function.Supplier;

/**
 * Remembers answers derived from the role model until the next write anywhere in the cluster.
 * {@link CachingRoleLookup} is the one that matters; {@link #none()} computes every time, for
 * callers that have no cache (tests of a single node, tools).
 */
public interface Memo {

  /**
   * The remembered answer for {@code key}, or {@code compute}'s. {@code key} must be a value
   * object of a type no other caller uses. Exceptions from {@code compute} are not remembered.
   */
  <T> T remember(Object key, Supplier<T> compute);

  /** A memo that remembers nothing. */
  static Memo none() {
    return new Memo() {
      @Override
      public <T> T remember(Object key, Supplier<T> compute) {
        return compute.get();
      }
    };
  }
}
