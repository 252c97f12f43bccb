package io.tokenless.catalog;

import io.tokenless.config.CatalogConfig;
import java.util.Optional;

/**
 * Makes the stored catalog contain every service and endpoint of the configuration. A service
 * is matched by type and name, an endpoint by service and interface: a configured URL replaces
 * the stored one (the identity endpoint follows the server's public URL), and anything created
 * through the API is left alone.
 */
public final class CatalogSeeder {
  private final CatalogStore store;

  public CatalogSeeder(CatalogStore store) {
    this.store = store;
  }

  public void seed(CatalogConfig config) {
    if (store.listRegions().stream().noneMatch(r -> r.id().equals(config.region()))) {
      store.createRegion(Optional.of(config.region()), "", null);
    }
    for (CatalogConfig.Service wanted : config.services()) {
      CatalogService service = store.listServices(Optional.of(wanted.type()), Optional.of(wanted.name()))
          .stream().findFirst()
          .orElseGet(() -> store.createService(Optional.ofNullable(wanted.id()), wanted.type(), wanted.name(), "", true));
      for (CatalogConfig.Endpoint endpoint : wanted.endpoints()) {
        String region = endpoint.region() == null ? config.region() : endpoint.region();
        String url = endpoint.url().toString();
        Optional<CatalogEndpoint> existing = service.endpoints().stream()
            .filter(e -> e.iface().equals(endpoint.iface())).findFirst();
        if (existing.isEmpty()) {
          store.createEndpoint(Optional.ofNullable(endpoint.id()), service.id(), endpoint.iface(), region, url, true);
        } else if (!existing.get().url().equals(url) || !region.equals(existing.get().regionId())) {
          store.updateEndpoint(existing.get().id(), Optional.empty(), Optional.of(region), Optional.of(url),
              Optional.empty());
        }
      }
    }
  }
}
