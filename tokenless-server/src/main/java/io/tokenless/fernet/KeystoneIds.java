package io.tokenless.fernet;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Keystone's rule for which ids are packed as 16 bytes: an id is a UUID when python's
 * {@code uuid.UUID(id)} accepts it. That constructor removes {@code urn:} and {@code uuid:},
 * strips braces and hyphens, wants 32 characters left and parses them with {@code int(s, 16)},
 * which also allows surrounding whitespace, a sign, a {@code 0x} prefix and underscores between
 * digits. Emulating it exactly matters: an id packed as bytes comes back as 32 lowercase hex
 * digits, so we must pack exactly the ids Keystone packs, or the other side reads a different id.
 */
final class KeystoneIds {

  private static final HexFormat HEX = HexFormat.of();
  private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(128);

  private KeystoneIds() {}

  /** The 16 bytes python's {@code uuid.UUID(id).bytes} gives, or empty if it raises. */
  static Optional<byte[]> uuidBytes(String id) {
    String hex = id.replace("urn:", "").replace("uuid:", "");
    hex = stripBraces(hex).replace("-", "");
    if (hex.codePointCount(0, hex.length()) != 32) {
      return Optional.empty();
    }
    Optional<BigInteger> value = parsePythonHexInt(hex);
    if (value.isEmpty() || value.get().signum() < 0 || value.get().compareTo(LIMIT) >= 0) {
      return Optional.empty();
    }
    byte[] magnitude = value.get().toByteArray();
    byte[] bytes = new byte[16];
    int copy = Math.min(magnitude.length, 16);
    System.arraycopy(magnitude, magnitude.length - copy, bytes, 16 - copy, copy);
    return Optional.of(bytes);
  }

  /** Whether Keystone would pack this id as 16 bytes. */
  static boolean isUuid(String id) {
    return uuidBytes(id).isPresent();
  }

  /** {@code uuid.UUID(bytes=b).hex}: 32 lowercase hex digits. */
  static String hex(byte[] sixteenBytes) {
    if (sixteenBytes.length != 16) {
      throw new IllegalArgumentException("a UUID is 16 bytes, got " + sixteenBytes.length);
    }
    return HEX.formatHex(sixteenBytes);
  }

  private static String stripBraces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isBrace(s.charAt(start))) {
      start++;
    }
    while (end > start && isBrace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isBrace(char c) {
    return c == '{' || c == '}';
  }

  /**
   * python's {@code int(s, 16)}: Unicode whitespace around, Unicode decimal digits count as
   * digits, optional sign, optional {@code 0x} prefix, single underscores between digits (and
   * right after the prefix).
   */
  private static Optional<BigInteger> parsePythonHexInt(String s) {
    StringBuilder ascii = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isPythonSpace(cp)) {
        ascii.append(' ');
      } else if (cp > 0x7f && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        ascii.append((char) ('0' + Character.digit(cp, 10)));
      } else if (cp > 0x7f) {
        return Optional.empty();
      } else {
        ascii.append((char) cp);
      }
    }
    String t = ascii.toString().strip();
    boolean negative = false;
    int i = 0;
    if (i < t.length() && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      negative = t.charAt(i) == '-';
      i++;
    }
    boolean afterPrefix = false;
    if (i + 1 < t.length() && t.charAt(i) == '0' && (t.charAt(i + 1) == 'x' || t.charAt(i + 1) == 'X')) {
      i += 2;
      afterPrefix = true;
    }
    StringBuilder digits = new StringBuilder();
    boolean lastWasUnderscore = false;
    for (; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '_') {
        boolean allowed = (digits.length() > 0 || afterPrefix) && !lastWasUnderscore;
        if (!allowed) {
          return Optional.empty();
        }
        lastWasUnderscore = true;
      } else if (Character.digit(c, 16) >= 0) {
        digits.append(c);
        lastWasUnderscore = false;
      } else {
        return Optional.empty();
      }
    }
    if (digits.length() == 0 || lastWasUnderscore) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(digits.toString(), 16);
    return Optional.of(negative ? value.negate() : value);
  }

  private static boolean isPythonSpace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
  }
}
