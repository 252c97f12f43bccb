package io.tokenless.dev;

import io.tokenless.config.GatewayConfig;
import io.tokenless.config.GatewayConfig.Route;
import io.tokenless.config.GatewayConfig.Rule;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The gateway of {@code tokenless dev --with-demo}: routes to the compute, image and network
 * demo services on OpenStack's usual ports (started by {@code client-demo services}), with
 * member-to-write, reader-to-read policies, and the audit log in the data directory.
 */
final class DemoRoutes {
  private DemoRoutes() {}

  static GatewayConfig gateway(Path dataDir) {
    return new GatewayConfig(List.of(
        new Route("/compute/", URI.create("http://127.0.0.1:8774/"), List.of(
            new Rule("POST", "/servers/**", "member"), new Rule("GET", "/**", "reader"))),
        new Route("/image/", URI.create("http://127.0.0.1:9292/"), List.of(new Rule("GET", "/**", "reader"))),
        new Route("/network/", URI.create("http://127.0.0.1:9696/"), List.of(
            new Rule("POST", "/ports", "member"), new Rule("GET", "/**", "reader")))),
        new GatewayConfig.Audit(dataDir.resolve("audit.jsonl"), false), null, null);
  }
}
