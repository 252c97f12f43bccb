package io.tokenless.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;

/**
 * The service catalog put into tokens. The identity service itself is always listed, at the
 * server's public URL, because clients send every call after authenticating there.
 *
 * @param region   the region of every endpoint that names none; default {@code RegionOne}
 * @param services the services and their endpoints
 */
public record CatalogConfig(String region, List<Service> services) {

  /** One service, e.g. {@code compute} named {@code nova}. */
  public record Service(String id, String type, String name, List<Endpoint> endpoints) {
    public Service {
      Checks.required("type", type);
      name = name == null ? type : name;
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /** One endpoint of a service. */
  public record Endpoint(String id, @JsonProperty("interface") String iface, URI url, String region) {
    public Endpoint {
      iface = iface == null ? "public" : iface;
      if (!List.of("public", "internal", "admin").contains(iface)) {
        throw new IllegalArgumentException("interface: must be public, internal or admin, got " + iface);
      }
      Checks.required("url", url);
    }
  }

  public CatalogConfig {
    region = region == null ? "RegionOne" : region;
    services = services == null ? List.of() : List.copyOf(services);
  }

  public static CatalogConfig identityOnly(URI publicUrl) {
    String base = publicUrl.toString().replaceAll("/+$", "");
    return new CatalogConfig(null, List.of(new Service(null, "identity", "keystone",
        List.of(new Endpoint(null, "public", URI.create(base + "/v3"), null)))));
  }
}
