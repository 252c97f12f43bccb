package io.tokenless.gateway;

import java.util.regex.Pattern;

/**
 * A path glob of a policy rule: {@code *} matches within one segment, {@code **} matches any
 * number of segments (also none), everything else literally. {@code /servers/**} matches
 * {@code /servers} and everything below it.
 */
record PathPattern(String source, Pattern regex) {

  static PathPattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      if (glob.startsWith("/**", i)) {
        regex.append("(?:/.*)?");
        i += 3;
      } else if (glob.startsWith("**", i)) {
        regex.append(".*");
        i += 2;
      } else if (glob.charAt(i) == '*') {
        regex.append("[^/]*");
        i++;
      } else {
        int next = nextWildcard(glob, i);
        regex.append(Pattern.quote(glob.substring(i, next)));
        i = next;
      }
    }
    return new PathPattern(glob, Pattern.compile(regex.toString()));
  }

  private static int nextWildcard(String glob, int from) {
    int star = glob.indexOf('*', from);
    int end = star < 0 ? glob.length() : star;
    // "/**" starts at the slash before the stars.
    if (star > from && glob.startsWith("/**", star - 1)) {
      end = star - 1;
    }
    return end;
  }

  boolean matches(String path) {
    return regex.matcher(path).matches();
  }
}
