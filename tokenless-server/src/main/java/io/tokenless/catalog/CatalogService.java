package io.tokenless.catalog;

import java.util.List;

/**
 * A service in the catalog with its endpoints.
 *
 * @param id          32-hex id
 * @param type        e.g. {@code identity}, {@code compute}
 * @param name        e.g. {@code keystone}, {@code nova}
 * @param description free text
 * @param enabled     disabled services are left out of token catalogs
 * @param endpoints   the service's endpoints
 */
public record CatalogService(String id, String type, String name, String description, boolean enabled,
    List<CatalogEndpoint> endpoints) {
  public CatalogService {
    endpoints = List.copyOf(endpoints);
  }
}
