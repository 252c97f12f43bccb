package io.tokenless.fernet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keystone's authentication-method bitmask. Bit {@code i} stands for the {@code i}-th entry of
 * {@code [auth] methods}; the pseudo-methods {@code ec2credential} (2^32) and
 * {@code oauth2_credential} (2^33) have fixed bits. Every node sharing keys must share the list,
 * or the same integer means different methods.
 *
 * <p>Decoding reproduces Keystone's loop exactly: bits are tested from the highest down, a method
 * is taken when {@code value / bit == 1}, and its bit subtracted. So names come out in descending
 * bit order ({@code 6 -> [token, password]}), and an unknown bit above the known ones hides the
 * lower ones, as it does in Keystone.
 */
public final class AuthMethods {

  /** Keystone's default {@code [auth] methods}. */
  public static final List<String> KEYSTONE_DEFAULT_METHODS =
      List.of("external", "password", "token", "oauth1", "mapped", "application_credential");

  private static final Map<String, Long> PSEUDO_METHODS =
      Map.of("ec2credential", 1L << 32, "oauth2_credential", 1L << 33);

  /** Bit value to method name, highest bit first when iterated descending. */
  private final TreeMap<Long, String> byBit = new TreeMap<>();

  /**
   * @param configuredMethods the {@code [auth] methods} list, in order
   * @throws IllegalArgumentException on duplicates, more than 32 methods, or a pseudo-method name
   */
  public AuthMethods(List<String> configuredMethods) {
    if (configuredMethods.size() > 32) {
      throw new IllegalArgumentException("at most 32 auth methods, got " + configuredMethods.size());
    }
    if (new LinkedHashSet<>(configuredMethods).size() != configuredMethods.size()) {
      throw new IllegalArgumentException("duplicate auth method in " + configuredMethods);
    }
    for (int i = 0; i < configuredMethods.size(); i++) {
      String name = Objects.requireNonNull(configuredMethods.get(i), "method name");
      if (PSEUDO_METHODS.containsKey(name)) {
        throw new IllegalArgumentException(name + " is a pseudo-method with a fixed bit");
      }
      byBit.put(1L << i, name);
    }
    PSEUDO_METHODS.forEach((name, bit) -> byBit.put(bit, name));
  }

  /** The bitmask of Keystone's default configuration. */
  public static AuthMethods keystoneDefaults() {
    return new AuthMethods(KEYSTONE_DEFAULT_METHODS);
  }

  /** The sum of the bits of the named methods; unknown names add nothing, as in Keystone. */
  public long toBitmask(Collection<String> methods) {
    long sum = 0;
    // Each method counted once: Keystone would add a repeated name twice and change its meaning.
    for (String method : new LinkedHashSet<>(methods)) {
      for (Map.Entry<Long, String> entry : byBit.entrySet()) {
        if (entry.getValue().equals(method)) {
          sum += entry.getKey();
        }
      }
    }
    return sum;
  }

  /** The method names of a bitmask, highest bit first, by Keystone's algorithm. */
  public List<String> fromBitmask(long bitmask) {
    List<String> methods = new ArrayList<>();
    if (bitmask == 0) {
      return methods;
    }
    long remaining = bitmask;
    for (Map.Entry<Long, String> entry : byBit.descendingMap().entrySet()) {
      if (remaining / entry.getKey() == 1) {
        methods.add(entry.getValue());
        remaining -= entry.getKey();
      }
    }
    return List.copyOf(methods);
  }
}
