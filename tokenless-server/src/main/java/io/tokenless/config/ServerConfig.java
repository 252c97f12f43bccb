package io.tokenless.config;

import java.net.URI;

/**
 * The plain HTTP listener.
 *
 * @param bindAddress     address to listen on; default {@code 127.0.0.1}
 * @param port            port; default {@code 5000}
 * @param publicUrl       the address clients reach this server at, used in version documents
 *                        and the catalog; default {@code http://localhost:<port>}
 * @param maxRequestBytes largest accepted request body; default 1 MiB
 */
public record ServerConfig(String bindAddress, Integer port, URI publicUrl, Integer maxRequestBytes) {
  public static final int DEFAULT_PORT = 5000;

  public ServerConfig {
    bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
    port = Checks.port("port", port == null ? DEFAULT_PORT : port);
    if (publicUrl == null) {
      publicUrl = URI.create("http://localhost:" + port);
    } else if (publicUrl.getScheme() == null || publicUrl.getHost() == null
        || !(publicUrl.getScheme().equals("http") || publicUrl.getScheme().equals("https"))) {
      throw new IllegalArgumentException("publicUrl: must be an absolute http(s) URL, got " + publicUrl);
    }
    maxRequestBytes = Checks.between("maxRequestBytes", maxRequestBytes == null ? 1 << 20 : maxRequestBytes,
        1024, 64 << 20);
  }

  public static ServerConfig defaults() {
    return new ServerConfig(null, null, null, null);
  }

  /** The public URL without a trailing slash, for building links. */
  public String baseUrl() {
    String url = publicUrl.toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
