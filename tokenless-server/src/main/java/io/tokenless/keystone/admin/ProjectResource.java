package io.tokenless.keystone.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.http.Caller;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.ProjectScope;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@code /v3/projects}: list with Keystone's filters, create, show, update, delete. */
final class ProjectResource {
  private final RoleStore store;
  private final Lookups lookups;
  private final Policy policy;
  private final Views views;
  private final TokenRevocations revocations;

  ProjectResource(RoleStore store, Policy policy, Views views, TokenRevocations revocations) {
    this.store = store;
    this.lookups = new Lookups(store);
    this.policy = policy;
    this.views = views;
    this.revocations = revocations;
  }

  void register(RoutingHandler routes) {
    routes.get("/v3/projects", this::list);
    routes.add("HEAD", "/v3/projects", this::list);
    routes.post("/v3/projects", this::create);
    routes.get("/v3/projects/{project_id}", this::show);
    routes.add("HEAD", "/v3/projects/{project_id}", this::show);
    routes.add("PATCH", "/v3/projects/{project_id}", this::update);
    routes.delete("/v3/projects/{project_id}", this::delete);
  }

  private void list(HttpServerExchange exchange) {
    policy.admin(exchange, "list_projects");
    String parentId = Requests.query(exchange, "parent_id");
    String domainId = Requests.query(exchange, "domain_id");
    Boolean isDomain = Requests.queryBoolean(exchange, "is_domain");
    List<Project> projects;
    if (Boolean.TRUE.equals(isDomain)) {
      // Domains are not projects here, so no project acts as a domain.
      projects = List.of();
    } else if (parentId != null && store.domains().find(parentId).isPresent()) {
      // Keystone shows a domain as the parent of its top-level projects, and filters so too.
      String domain = domainId == null ? parentId : domainId;
      projects = store.projects().list(domain, Requests.query(exchange, "name"), null,
              Requests.queryBoolean(exchange, "enabled")).stream()
          .filter(p -> p.parentId() == null && p.domainId().equals(parentId))
          .toList();
    } else {
      projects = store.projects().list(domainId, Requests.query(exchange, "name"), parentId,
          Requests.queryBoolean(exchange, "enabled"));
    }
    Responses.ok(exchange, views.links().collection(exchange, "projects", projects.stream().map(views::project).toList()));
  }

  private void create(HttpServerExchange exchange) {
    Caller caller = policy.admin(exchange, "create_project");
    ObjectNode body = Requests.body(exchange, "project");
    if (Requests.bool(body, "is_domain", false)) {
      throw Requests.invalid("is_domain", "projects acting as domains are not supported; create a domain instead");
    }
    checkTags(body);
    String name = Requests.requiredString(body, "name");
    String domainId = Requests.string(body, "domain_id");
    String parentId = Requests.string(body, "parent_id");
    if (parentId != null && store.domains().find(parentId).isPresent()) {
      // A domain named as parent means a top-level project of that domain.
      if (domainId != null && !domainId.equals(parentId)) {
        throw new BadRequestException("Cannot create project, the parent (" + parentId + ") is in a different domain.");
      }
      domainId = parentId;
      parentId = null;
    }
    if (parentId != null) {
      String wanted = parentId;
      Project parent = store.projects().find(wanted)
          .orElseThrow(() -> new BadRequestException("Could not find project: " + wanted + "."));
      if (domainId == null) {
        domainId = parent.domainId();
      }
    }
    if (domainId == null) {
      domainId = lookups.defaultDomain(caller);
    }
    String domain = domainId;
    if (store.domains().find(domain).isEmpty()) {
      // Keystone reports an unknown domain in a body as invalid input, not as a missing resource.
      throw new BadRequestException("Could not find domain: " + domain + ".");
    }
    Project project = new Project(Ids.random(), name, domain, parentId, Requests.string(body, "description"),
        Requests.bool(body, "enabled", true));
    Project created = Lookups.storing("project", name, () -> store.projects().create(project));
    Responses.created(exchange, Map.of("project", views.project(created)));
  }


  private void show(HttpServerExchange exchange) {
    String projectId = Requests.path(exchange, "project_id");
    Caller caller = policy.authenticated(exchange);
    // Keystone's default policy also lets a token scoped to the project read it.
    boolean ownScope = caller.scope()
        .filter(scope -> scope instanceof ProjectScope project && project.projectId().equals(projectId))
        .isPresent();
    if (!caller.isAdmin() && !ownScope) {
      throw Policy.forbidden("get_project");
    }
    Responses.ok(exchange, Map.of("project", views.project(lookups.project(projectId))));
  }

  private void update(HttpServerExchange exchange) {
    policy.admin(exchange, "update_project");
    Project current = lookups.project(Requests.path(exchange, "project_id"));
    ObjectNode body = Requests.body(exchange, "project");
    Requests.requireMatchingId(body, current.id());
    checkTags(body);
    if (body.has("domain_id") && !current.domainId().equals(Requests.string(body, "domain_id"))) {
      throw new BadRequestException("Update of `domain_id` is not allowed.");
    }
    if (body.has("parent_id") && !Objects.equals(Requests.string(body, "parent_id"), shownParent(current))) {
      throw new BadRequestException("Update of `parent_id` is not allowed.");
    }
    if (body.has("is_domain") && Requests.bool(body, "is_domain", false)) {
      throw new BadRequestException("Update of `is_domain` is not allowed.");
    }
    Project changed = new Project(current.id(),
        body.has("name") ? Requests.requiredString(body, "name") : current.name(),
        current.domainId(), current.parentId(),
        body.has("description") ? Requests.string(body, "description") : current.description(),
        Requests.bool(body, "enabled", current.enabled()));
    Project updated = Lookups.storing("project", changed.name(), () -> store.projects().update(changed));
    if (current.enabled() && !updated.enabled()) {
      revocations.projectChanged(updated.id());
    }
    Responses.ok(exchange, Map.of("project", views.project(updated)));
  }

  private static String shownParent(Project project) {
    return project.parentId() == null ? project.domainId() : project.parentId();
  }

  private void delete(HttpServerExchange exchange) {
    policy.admin(exchange, "delete_project");
    Project project = lookups.project(Requests.path(exchange, "project_id"));
    try {
      store.projects().delete(project.id());
    } catch (NotFoundException e) {
      throw Lookups.notFound("project", project.id());
    }
    revocations.projectChanged(project.id());
    Responses.noContent(exchange);
  }

  /** Tags are accepted as Keystone validates them (a list of strings) but not kept. */
  private static void checkTags(ObjectNode body) {
    JsonNode tags = body.get("tags");
    if (tags == null || tags.isNull()) {
      return;
    }
    if (!tags.isArray()) {
      throw Requests.invalid("tags", "must be a list of strings");
    }
    for (JsonNode tag : tags) {
      if (!tag.isTextual()) {
        throw Requests.invalid("tags", "must be a list of strings");
      }
    }
  }
}
