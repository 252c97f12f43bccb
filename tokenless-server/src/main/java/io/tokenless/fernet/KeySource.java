package io.tokenless.fernet;

/** Where the current Fernet key set comes from; may change between calls (rotation). */
@FunctionalInterface
public interface KeySource {

  /** The key set to use now; never null. */
  FernetKeys current();

  /** A source that always gives the same key set (tests, one-shot tools). */
  static KeySource fixed(FernetKeys keys) {
    java.util.Objects.requireNonNull(keys, "keys");
    return () -> keys;
  }
}
