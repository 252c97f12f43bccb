package io.tokenless.auth.kerberos;

/**
 * Makes text that came from a token fit for a log line: log reasons end up in the security log
 * at INFO and in the audit log, and a principal name is whatever bytes the client chose (the
 * service name of a ticket is in clear, the client name of an authenticator is sealed only in a
 * key the client holds). Control characters (CR and LF above all: they would start a forged log
 * line), line and paragraph separators and invisible format characters (bidirectional overrides,
 * zero-width characters) are written as escapes ({@code \r}, {@code \n}, {@code \t},
 * {@code \}{@code uXXXX}), and the result is cut at a length limit.
 *
 * <p>A backslash is left as it is: the JDK's spelling of principal names uses {@code \@}, and an
 * escape only has to keep the text on one line with no hidden characters, not be reversible.
 */
public final class UntrustedText {
  /** Longest name, in characters after escaping, that a log reason quotes. */
  public static final int MAX_NAME = 200;
  /** Longest log reason, in characters after escaping. */
  public static final int MAX_REASON = 1_000;

  private UntrustedText() {}

  /** {@code name} escaped and cut to {@value #MAX_NAME} characters; {@code "null"} for null. */
  public static String name(String name) {
    return escape(name, MAX_NAME);
  }

  /**
   * {@code text} with every control, separator and format character escaped, cut to at most
   * {@code limit} characters (plus a marker saying how long the original was) without splitting
   * an escape or a surrogate pair; {@code "null"} for null.
   */
  public static String escape(String text, int limit) {
    if (text == null) {
      return "null";
    }
    if (text.length() <= limit && clean(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 24);
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      String piece = needsEscape(codePoint) ? escapeOf(codePoint) : new String(Character.toChars(codePoint));
      if (out.length() + piece.length() > limit) {
        return out.append("...(").append(text.length()).append(" chars)").toString();
      }
      out.append(piece);
      i += Character.charCount(codePoint);
    }
    return out.toString();
  }

  private static boolean clean(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (needsEscape(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean needsEscape(int codePoint) {
    if (Character.isISOControl(codePoint)) {
      return true; // C0, DEL and C1 (NEL among them)
    }
    int type = Character.getType(codePoint);
    return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
        || type == Character.SURROGATE; // a lone surrogate: a well-formed pair is read as one code point
  }

  private static String escapeOf(int codePoint) {
    return switch (codePoint) {
      case '\r' -> "\\r";
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      default -> String.format("\\u%04x", codePoint);
    };
  }
}
