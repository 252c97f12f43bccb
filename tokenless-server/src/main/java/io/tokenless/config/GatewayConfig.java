package io.tokenless.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gateway mode: requests under a route's prefix are authenticated and authorised here and then
 * proxied to the route's upstream with keystonemiddleware's identity headers. Also where the
 * audit log of authentication and authorisation decisions is configured.
 *
 * @param routes               proxied prefixes; may be empty (audit only)
 * @param audit                where audit events go; default: nowhere
 * @param adminProjectId       the project whose scope makes {@code X-Is-Admin-Project: True};
 *                             without one every project scope is the admin project, as in Keystone
 *                             when {@code admin_project_name} is not set
 * @param requestTimeoutMillis time for an upstream to be connected and answer; default 30,000
 */
public record GatewayConfig(List<Route> routes, Audit audit, String adminProjectId, Integer requestTimeoutMillis) {
  /** Paths of the server's own API, which a route must not shadow. */
  private static final Set<String> RESERVED = Set.of("/v1/", "/v3/");

  public GatewayConfig {
    routes = routes == null ? List.of() : List.copyOf(routes);
    audit = audit == null ? Audit.none() : audit;
    requestTimeoutMillis = Checks.between("requestTimeoutMillis", requestTimeoutMillis == null ? 30_000
        : requestTimeoutMillis, 1, 3_600_000);
    for (int i = 0; i < routes.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (routes.get(i).prefix().equals(routes.get(j).prefix())) {
          throw new IllegalArgumentException("routes[" + i + "].prefix: duplicate prefix " + routes.get(i).prefix());
        }
      }
    }
  }

  /** No routes, no audit. */
  public static GatewayConfig none() {
    return new GatewayConfig(List.of(), null, null, null);
  }

  /**
   * One proxied prefix.
   *
   * @param prefix   e.g. {@code /compute/}: starts and ends with {@code /}
   * @param upstream e.g. {@code http://127.0.0.1:8774/}; the path after the prefix is appended
   * @param policy   rules, first match wins; {@code null} lets any authenticated caller through,
   *                 a list (even empty) refuses what no rule matches
   */
  public record Route(String prefix, URI upstream, List<Rule> policy) {
    public Route {
      Checks.required("prefix", prefix);
      if (!prefix.startsWith("/") || !prefix.endsWith("/") || prefix.length() < 3 || prefix.contains("//")) {
        throw new IllegalArgumentException("prefix: must look like /name/, got " + prefix);
      }
      if (RESERVED.stream().anyMatch(reserved -> prefix.startsWith(reserved) || reserved.startsWith(prefix))) {
        throw new IllegalArgumentException("prefix: " + prefix + " would shadow the server's own API");
      }
      Checks.required("upstream", upstream);
      if (upstream.getScheme() == null || upstream.getHost() == null
          || !(upstream.getScheme().equals("http") || upstream.getScheme().equals("https"))) {
        throw new IllegalArgumentException("upstream: must be an absolute http(s) URL, got " + upstream);
      }
      policy = policy == null ? null : List.copyOf(policy);
    }
  }

  /**
   * A policy rule: requests with this method whose path (after the prefix, starting with
   * {@code /}) matches the pattern need the role on their scope.
   *
   * @param method an HTTP method or {@code *}; default {@code *}
   * @param path   a pattern: {@code *} matches within one segment, {@code **} across segments;
   *               default {@code /**}
   * @param role   the role name required; required
   */
  public record Rule(String method, String path, String role) {
    public Rule {
      method = method == null ? "*" : method.toUpperCase(Locale.ROOT);
      path = path == null ? "/**" : path;
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path: must start with /, got " + path);
      }
      Checks.required("role", role);
      if (role.isBlank()) {
        throw new IllegalArgumentException("role: must not be empty");
      }
    }
  }

  /**
   * The audit sink: JSON lines to a file (appended) or to standard error, not both.
   *
   * @param file   the file; its directory must exist
   * @param stderr write to standard error
   */
  public record Audit(Path file, Boolean stderr) {
    public Audit {
      stderr = stderr != null && stderr;
      if (file != null && stderr) {
        throw new IllegalArgumentException("file: give a file or stderr: true, not both");
      }
      if (file != null && (file.getParent() == null || !java.nio.file.Files.isDirectory(file.getParent()))) {
        throw new IllegalArgumentException("file: directory not found: " + file.getParent());
      }
    }

    public static Audit none() {
      return new Audit(null, false);
    }
  }
}
