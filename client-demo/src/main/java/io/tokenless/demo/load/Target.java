package io.tokenless.demo.load;

import java.net.URI;
import java.util.Locale;

/**
 * Where requests go, taken apart once so the hot loop only copies bytes.
 *
 * @param secure        {@code https}
 * @param host          host as written in the URL (also the TLS server name and the Kerberos host)
 * @param port          port, the scheme's default when the URL has none
 * @param requestTarget path and query as sent on the request line, at least {@code /}
 * @param hostHeader    value of the {@code Host} header
 */
public record Target(boolean secure, String host, int port, String requestTarget, String hostHeader) {

  /** Parses an {@code http://} or {@code https://} URL; anything else is refused. */
  public static Target parse(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("--url: only http:// and https:// URLs are supported: " + url);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--url: no host in " + url);
    }
    boolean secure = scheme.equals("https");
    int defaultPort = secure ? 443 : 80;
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    String hostHeader = port == defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    return new Target(secure, uri.getHost(), port, target, hostHeader);
  }

  /** The same origin with another path and query ({@code /v1/lookup?user_id=…}). */
  public Target withRequestTarget(String pathAndQuery) {
    if (!pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c >= 127)) {
      throw new IllegalArgumentException("request target must start with / and hold no spaces or control"
          + " characters: " + pathAndQuery);
    }
    return new Target(secure, host, port, pathAndQuery, hostHeader);
  }

  /** {@code scheme://host:port}, the base the Keystone token endpoint is resolved against. */
  public String origin() {
    return (secure ? "https://" : "http://") + hostHeader;
  }
}
