package io.tokenless.fernet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable, validated set of numbered Fernet keys with Keystone's roles: {@code 0} is the
 * staged key, the highest number is the primary key and every other number is a secondary key.
 *
 * <p>Built once and checked when built (at least one key, no negative numbers, no duplicate
 * numbers), so holders never re-check. Encryption uses {@link #primary()}; decryption tries
 * {@link #decryptionOrder()}: highest number first and {@code 0} last, the order Keystone's
 * {@code MultiFernet} uses.
 */
public final class FernetKeys {

  /** The role a key number has in a repository. */
  public enum Role {
    PRIMARY,
    SECONDARY,
    STAGED
  }

  /** One key and the number of the file it came from. */
  public record Numbered(int number, FernetKey key) {
    public Numbered {
      if (number < 0) {
        throw new IllegalArgumentException("key numbers are non-negative, got " + number);
      }
      Objects.requireNonNull(key, "key");
    }
  }

  private final List<Numbered> decryptionOrder;

  private FernetKeys(List<Numbered> decryptionOrder) {
    this.decryptionOrder = decryptionOrder;
  }

  /**
   * Builds a key set from key numbers and keys.
   *
   * @throws IllegalArgumentException if the map is empty or holds a negative number
   */
  public static FernetKeys of(Map<Integer, FernetKey> keysByNumber) {
    if (keysByNumber.isEmpty()) {
      throw new IllegalArgumentException("a key set needs at least one key");
    }
    List<Numbered> keys = new ArrayList<>();
    keysByNumber.forEach((number, key) -> keys.add(new Numbered(number, key)));
    keys.sort(Comparator.comparingInt(Numbered::number).reversed());
    return new FernetKeys(Collections.unmodifiableList(keys));
  }

  /** The key every new token is encrypted with: the highest number. */
  public Numbered primary() {
    return decryptionOrder.get(0);
  }

  /** The staged key {@code 0}, if the set has one (a repository mid-rotation may not). */
  public Optional<Numbered> staged() {
    Numbered last = decryptionOrder.get(decryptionOrder.size() - 1);
    return last.number() == 0 && decryptionOrder.size() > 1 ? Optional.of(last) : Optional.empty();
  }

  /** Every key, highest number first and {@code 0} last. */
  public List<Numbered> decryptionOrder() {
    return decryptionOrder;
  }

  /** The key numbers, highest first. */
  public List<Integer> numbers() {
    return decryptionOrder.stream().map(Numbered::number).toList();
  }

  /** The role of a key number in this set. */
  public Role roleOf(int number) {
    if (number == primary().number()) {
      return Role.PRIMARY;
    }
    return number == 0 ? Role.STAGED : Role.SECONDARY;
  }

  /** Redacted: numbers and roles only. */
  @Override
  public String toString() {
    return "FernetKeys" + numbers() + "[primary=" + primary().number() + "]";
  }
}
