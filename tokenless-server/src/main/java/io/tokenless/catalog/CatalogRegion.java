package io.tokenless.catalog;

/**
 * A region.
 *
 * @param id             the region's name, which is its id in Keystone
 * @param description    free text
 * @param parentRegionId the parent region, or {@code null}
 */
public record CatalogRegion(String id, String description, String parentRegionId) {}
