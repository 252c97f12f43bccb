package io.tokenless.catalog;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ConflictException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Regions, services and endpoints in PostgreSQL. The enabled catalog, which every token body
 * carries, is kept in memory and rebuilt after each write on this node; other nodes rebuild it
 * when their copy is older than {@link #CATALOG_MAX_AGE_MILLIS}.
 */
public final class CatalogStore {
  static final long CATALOG_MAX_AGE_MILLIS = 5_000;

  private record Snapshot(List<CatalogService> services, long loadedAt) {}

  private final Jdbi jdbi;
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

  public CatalogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Enabled services with their enabled endpoints, as put into tokens. */
  public List<CatalogService> enabledCatalog() {
    Snapshot current = snapshot.get();
    if (current == null || System.currentTimeMillis() - current.loadedAt() > CATALOG_MAX_AGE_MILLIS) {
      List<CatalogService> enabled = listServices(Optional.empty(), Optional.empty()).stream()
          .filter(CatalogService::enabled)
          .map(s -> new CatalogService(s.id(), s.type(), s.name(), s.description(), true,
              s.endpoints().stream().filter(CatalogEndpoint::enabled).toList()))
          .toList();
      current = new Snapshot(enabled, System.currentTimeMillis());
      snapshot.set(current);
    }
    return current.services();
  }

  private void changed() {
    snapshot.set(null);
  }

  // --- services

  public List<CatalogService> listServices(Optional<String> type, Optional<String> name) {
    return jdbi.withHandle(handle -> {
      Query query = handle.createQuery("""
          SELECT id, type, name, description, enabled FROM catalog_service
          WHERE (:type IS NULL OR type = :type) AND (:name IS NULL OR name = :name)
          ORDER BY type, name, id""")
          .bind("type", type.orElse(null)).bind("name", name.orElse(null));
      List<Map<String, Object>> rows = query.mapToMap().list();
      Map<String, List<CatalogEndpoint>> endpoints = endpointsByService(handle);
      List<CatalogService> services = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        String id = (String) row.get("id");
        services.add(new CatalogService(id, (String) row.get("type"), (String) row.get("name"),
            (String) row.get("description"), (Boolean) row.get("enabled"), endpoints.getOrDefault(id, List.of())));
      }
      return services;
    });
  }

  public CatalogService getService(String id) {
    return listServices(Optional.empty(), Optional.empty()).stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFoundException("Could not find service: " + id + "."));
  }

  public CatalogService createService(Optional<String> id, String type, String name, String description,
      boolean enabled) {
    requireText("type", type, 255);
    String serviceId = id.orElseGet(CatalogStore::newId);
    jdbi.useHandle(handle -> {
      int existing = handle.createQuery("SELECT count(*) FROM catalog_service WHERE id = :id")
          .bind("id", serviceId).mapTo(Integer.class).one();
      if (existing > 0) {
        throw new ConflictException("Conflict occurred attempting to store service - Duplicate ID, " + serviceId + ".");
      }
      handle.createUpdate("""
          INSERT INTO catalog_service (id, type, name, description, enabled)
          VALUES (:id, :type, :name, :description, :enabled)""")
          .bind("id", serviceId).bind("type", type).bind("name", name == null ? "" : name)
          .bind("description", description == null ? "" : description).bind("enabled", enabled).execute();
    });
    changed();
    return getService(serviceId);
  }

  public CatalogService updateService(String id, Optional<String> type, Optional<String> name,
      Optional<String> description, Optional<Boolean> enabled) {
    CatalogService current = getService(id);
    type.ifPresent(t -> requireText("type", t, 255));
    jdbi.useHandle(handle -> handle.createUpdate("""
        UPDATE catalog_service SET type = :type, name = :name, description = :description, enabled = :enabled
        WHERE id = :id""")
        .bind("id", id).bind("type", type.orElse(current.type())).bind("name", name.orElse(current.name()))
        .bind("description", description.orElse(current.description()))
        .bind("enabled", enabled.orElse(current.enabled())).execute());
    changed();
    return getService(id);
  }

  public void deleteService(String id) {
    int deleted = jdbi.withHandle(handle ->
        handle.createUpdate("DELETE FROM catalog_service WHERE id = :id").bind("id", id).execute());
    if (deleted == 0) {
      throw new NotFoundException("Could not find service: " + id + ".");
    }
    changed();
  }

  // --- endpoints

  private Map<String, List<CatalogEndpoint>> endpointsByService(Handle handle) {
    Map<String, List<CatalogEndpoint>> byService = new LinkedHashMap<>();
    for (CatalogEndpoint endpoint : queryEndpoints(handle, null, null, null)) {
      byService.computeIfAbsent(endpoint.serviceId(), k -> new ArrayList<>()).add(endpoint);
    }
    return byService;
  }

  private static List<CatalogEndpoint> queryEndpoints(Handle handle, String serviceId, String iface, String region) {
    return handle.createQuery("""
        SELECT id, service_id, interface, region_id, url, enabled FROM catalog_endpoint
        WHERE (:service IS NULL OR service_id = :service) AND (:iface IS NULL OR interface = :iface)
          AND (:region IS NULL OR region_id = :region)
        ORDER BY service_id, interface, id""")
        .bind("service", serviceId).bind("iface", iface).bind("region", region)
        .map((rs, ctx) -> new CatalogEndpoint(rs.getString("id"), rs.getString("service_id"),
            rs.getString("interface"), rs.getString("region_id"), rs.getString("url"), rs.getBoolean("enabled")))
        .list();
  }

  public List<CatalogEndpoint> listEndpoints(Optional<String> serviceId, Optional<String> iface,
      Optional<String> region) {
    return jdbi.withHandle(handle ->
        queryEndpoints(handle, serviceId.orElse(null), iface.orElse(null), region.orElse(null)));
  }

  public CatalogEndpoint getEndpoint(String id) {
    return listEndpoints(Optional.empty(), Optional.empty(), Optional.empty()).stream()
        .filter(e -> e.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFoundException("Could not find endpoint: " + id + "."));
  }

  public CatalogEndpoint createEndpoint(Optional<String> id, String serviceId, String iface, String regionId,
      String url, boolean enabled) {
    requireInterface(iface);
    requireText("url", url, 8192);
    getService(serviceId);
    String endpointId = id.orElseGet(CatalogStore::newId);
    jdbi.useHandle(handle -> {
      if (regionId != null) {
        ensureRegion(handle, regionId);
      }
      handle.createUpdate("""
          INSERT INTO catalog_endpoint (id, service_id, interface, region_id, url, enabled)
          VALUES (:id, :service, :iface, :region, :url, :enabled)""")
          .bind("id", endpointId).bind("service", serviceId).bind("iface", iface).bind("region", regionId)
          .bind("url", url).bind("enabled", enabled).execute();
    });
    changed();
    return getEndpoint(endpointId);
  }

  public CatalogEndpoint updateEndpoint(String id, Optional<String> iface, Optional<String> regionId,
      Optional<String> url, Optional<Boolean> enabled) {
    CatalogEndpoint current = getEndpoint(id);
    iface.ifPresent(CatalogStore::requireInterface);
    url.ifPresent(u -> requireText("url", u, 8192));
    jdbi.useHandle(handle -> {
      regionId.ifPresent(r -> ensureRegion(handle, r));
      handle.createUpdate("""
          UPDATE catalog_endpoint SET interface = :iface, region_id = :region, url = :url, enabled = :enabled
          WHERE id = :id""")
          .bind("id", id).bind("iface", iface.orElse(current.iface()))
          .bind("region", regionId.orElse(current.regionId())).bind("url", url.orElse(current.url()))
          .bind("enabled", enabled.orElse(current.enabled())).execute();
    });
    changed();
    return getEndpoint(id);
  }

  public void deleteEndpoint(String id) {
    int deleted = jdbi.withHandle(handle ->
        handle.createUpdate("DELETE FROM catalog_endpoint WHERE id = :id").bind("id", id).execute());
    if (deleted == 0) {
      throw new NotFoundException("Could not find endpoint: " + id + ".");
    }
    changed();
  }

  // --- regions

  public List<CatalogRegion> listRegions() {
    return jdbi.withHandle(handle -> handle.createQuery(
        "SELECT id, description, parent_region_id FROM catalog_region ORDER BY id")
        .map((rs, ctx) -> new CatalogRegion(rs.getString(1), rs.getString(2), rs.getString(3))).list());
  }

  public CatalogRegion getRegion(String id) {
    return listRegions().stream().filter(r -> r.id().equals(id)).findFirst()
        .orElseThrow(() -> new NotFoundException("Could not find region: " + id + "."));
  }

  public CatalogRegion createRegion(Optional<String> id, String description, String parentRegionId) {
    String regionId = id.orElseGet(CatalogStore::newId);
    requireText("id", regionId, 255);
    jdbi.useHandle(handle -> {
      if (parentRegionId != null) {
        handle.createQuery("SELECT id FROM catalog_region WHERE id = :id").bind("id", parentRegionId)
            .mapTo(String.class).findOne()
            .orElseThrow(() -> new NotFoundException("Could not find region: " + parentRegionId + "."));
      }
      int inserted = handle.createUpdate("""
          INSERT INTO catalog_region (id, description, parent_region_id) VALUES (:id, :description, :parent)
          ON CONFLICT (id) DO NOTHING""")
          .bind("id", regionId).bind("description", description == null ? "" : description)
          .bind("parent", parentRegionId).execute();
      if (inserted == 0) {
        throw new ConflictException("Conflict occurred attempting to store region - Duplicate ID, " + regionId + ".");
      }
    });
    return getRegion(regionId);
  }

  /**
   * Replaces description and parent (which may be {@code null}) of a region; an unknown region or
   * parent is a 404, a region as its own parent a 400.
   */
  public CatalogRegion updateRegion(String id, String description, String parentRegionId) {
    getRegion(id);
    if (parentRegionId != null) {
      if (parentRegionId.equals(id)) {
        throw new BadRequestException("Invalid input for field 'parent_region_id': a region cannot be its own parent.");
      }
      getRegion(parentRegionId);
      // The regions form a forest: a region below this one cannot become its parent.
      if (regionSubtree(id).contains(parentRegionId)) {
        throw new BadRequestException("The specified parent region " + parentRegionId
            + " would create a circular region hierarchy.");
      }
    }
    jdbi.useHandle(handle -> handle.createUpdate(
        "UPDATE catalog_region SET description = :description, parent_region_id = :parent WHERE id = :id")
        .bind("id", id).bind("description", description == null ? "" : description).bind("parent", parentRegionId)
        .execute());
    return getRegion(id);
  }

  /**
   * Deletes a region with the regions below it, as Keystone does; refused with a 403 while
   * an endpoint names any of them, and a 404 for an unknown region.
   */
  public void deleteRegion(String id) {
    jdbi.useTransaction(handle -> {
      List<String> subtree = regionSubtree(handle, id);
      if (subtree.isEmpty()) {
        throw new NotFoundException("Could not find region: " + id + ".");
      }
      boolean inUse = handle.createQuery("SELECT count(*) FROM catalog_endpoint WHERE region_id IN (<regions>)")
          .bindList("regions", subtree).mapTo(Long.class).one() > 0;
      if (inUse) {
        throw regionInUse(id);
      }
      try {
        // One statement: the foreign key from child to parent is checked when it ends.
        handle.createUpdate("DELETE FROM catalog_region WHERE id IN (<regions>)").bindList("regions", subtree).execute();
      } catch (UnableToExecuteStatementException e) {
        // An endpoint created meanwhile in one of these regions.
        if (e.getCause() instanceof SQLException sql && "23503".equals(sql.getSQLState())) {
          throw regionInUse(id);
        }
        throw e;
      }
    });
    changed();
  }

  private static ForbiddenException regionInUse(String id) {
    return new ForbiddenException("Unable to delete region " + id
        + " because it or its child regions have associated endpoints.");
  }

  private List<String> regionSubtree(String id) {
    return jdbi.withHandle(handle -> regionSubtree(handle, id));
  }

  /** The region and every region below it; empty when there is no such region. */
  private static List<String> regionSubtree(Handle handle, String id) {
    // UNION, not UNION ALL: a cycle left by older versions still ends the recursion.
    return handle.createQuery("""
        WITH RECURSIVE subtree(id) AS (
          SELECT id FROM catalog_region WHERE id = :id
          UNION
          SELECT child.id FROM catalog_region child JOIN subtree ON child.parent_region_id = subtree.id)
        SELECT id FROM subtree""")
        .bind("id", id).mapTo(String.class).list();
  }

  private static void ensureRegion(Handle handle, String regionId) {
    handle.createUpdate("INSERT INTO catalog_region (id) VALUES (:id) ON CONFLICT (id) DO NOTHING")
        .bind("id", regionId).execute();
  }

  private static void requireInterface(String iface) {
    if (iface == null || !List.of("public", "internal", "admin").contains(iface)) {
      throw new BadRequestException("Invalid input for field 'interface': must be public, internal or admin.");
    }
  }

  private static void requireText(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new BadRequestException("Invalid input for field '" + field + "': it must not be empty.");
    }
    if (value.length() > max) {
      throw new BadRequestException("Invalid input for field '" + field + "': longer than " + max + " characters.");
    }
  }
}
