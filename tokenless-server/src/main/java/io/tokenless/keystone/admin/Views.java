package io.tokenless.keystone.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tokenless.catalog.CatalogEndpoint;
import io.tokenless.catalog.CatalogRegion;
import io.tokenless.catalog.CatalogService;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.User;
import io.tokenless.web.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of Keystone 22's entities, field for field. Attributes our model does not
 * keep (tags, options, password expiry) are shown with the values Keystone shows for an entity
 * that never set them.
 */
final class Views {
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private final Links links;

  Views(Links links) {
    this.links = links;
  }

  Links links() {
    return links;
  }

  Map<String, Object> domain(Domain domain) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", domain.id());
    view.put("name", domain.name());
    view.put("description", domain.description() == null ? "" : domain.description());
    view.put("enabled", domain.enabled());
    view.put("tags", List.of());
    view.put("options", Map.of());
    view.put("links", links.self("domains", domain.id()));
    return view;
  }

  /** A top-level project shows its domain as {@code parent_id}, as Keystone does. */
  Map<String, Object> project(Project project) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", project.id());
    view.put("name", project.name());
    view.put("domain_id", project.domainId());
    view.put("description", project.description() == null ? "" : project.description());
    view.put("enabled", project.enabled());
    view.put("parent_id", project.parentId() == null ? project.domainId() : project.parentId());
    view.put("is_domain", false);
    view.put("tags", List.of());
    view.put("options", Map.of());
    view.put("links", links.self("projects", project.id()));
    return view;
  }

  /** Extra attributes given at creation (e.g. {@code email}) come back as Keystone returns them. */
  Map<String, Object> user(User user) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", user.id());
    view.put("name", user.name());
    view.put("domain_id", user.domainId());
    view.put("enabled", user.enabled());
    if (user.defaultProjectId() != null) {
      view.put("default_project_id", user.defaultProjectId());
    }
    if (user.description() != null) {
      view.put("description", user.description());
    }
    for (Map.Entry<String, Object> extra : extras(user).entrySet()) {
      view.putIfAbsent(extra.getKey(), extra.getValue());
    }
    view.put("password_expires_at", null);
    view.put("options", Map.of());
    view.put("links", links.self("users", user.id()));
    return view;
  }

  static Map<String, Object> extras(User user) {
    if (user.extraJson() == null) {
      return Map.of();
    }
    try {
      return Json.MAPPER.readValue(user.extraJson(), OBJECT);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored extra attributes of user " + user.id() + " are not a JSON object", e);
    }
  }

  Map<String, Object> group(Group group) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", group.id());
    view.put("name", group.name());
    view.put("domain_id", group.domainId());
    view.put("description", group.description() == null ? "" : group.description());
    view.put("links", links.self("groups", group.id()));
    return view;
  }

  Map<String, Object> role(Role role) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", role.id());
    view.put("name", role.name());
    view.put("domain_id", role.domainId());
    view.put("description", role.description());
    view.put("options", Map.of());
    view.put("links", links.self("roles", role.id()));
    return view;
  }

  /** A role as the implied-role API names it: id, name and link only. */
  Map<String, Object> roleRef(Role role) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", role.id());
    view.put("links", links.self("roles", role.id()));
    view.put("name", role.name());
    return view;
  }

  Map<String, Object> service(CatalogService service) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", service.id());
    view.put("type", service.type());
    view.put("name", service.name());
    view.put("description", service.description());
    view.put("enabled", service.enabled());
    view.put("links", links.self("services", service.id()));
    return view;
  }

  /** {@code region} repeats {@code region_id}: Keystone still returns the pre-v3.2 attribute. */
  Map<String, Object> endpoint(CatalogEndpoint endpoint) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", endpoint.id());
    view.put("interface", endpoint.iface());
    view.put("region", endpoint.regionId());
    view.put("region_id", endpoint.regionId());
    view.put("service_id", endpoint.serviceId());
    view.put("url", endpoint.url());
    view.put("enabled", endpoint.enabled());
    view.put("links", links.self("endpoints", endpoint.id()));
    return view;
  }

  Map<String, Object> region(CatalogRegion region) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", region.id());
    view.put("description", region.description() == null ? "" : region.description());
    view.put("parent_region_id", region.parentRegionId());
    view.put("links", links.self("regions", region.id()));
    return view;
  }
}
