package io.tokenless.catalog;

/**
 * One endpoint of a service.
 *
 * @param id        32-hex id
 * @param serviceId the owning service
 * @param iface     {@code public}, {@code internal} or {@code admin}
 * @param regionId  the region, or {@code null}
 * @param url       where the service answers
 * @param enabled   disabled endpoints are left out of token catalogs
 */
public record CatalogEndpoint(String id, String serviceId, String iface, String regionId, String url,
    boolean enabled) {}
