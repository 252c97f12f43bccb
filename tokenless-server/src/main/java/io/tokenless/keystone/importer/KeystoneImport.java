package io.tokenless.keystone.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.catalog.CatalogService;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.error.BadRequestException;
import io.tokenless.revocation.RevocationEvent;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads a Keystone export — Keystone's API shapes plus password hashes, as in the vectors'
 * {@code fixture.json} — keeping every id, so Keystone's Fernet tokens validate here and its
 * users' passwords keep working. Projects are loaded parents first; the catalog replaces the
 * configured one. Trusts and application credentials are counted but not loaded: tokens scoped
 * to them are not served.
 */
public final class KeystoneImport {

  /** What was loaded, by kind. */
  public record Summary(int domains, int projects, int users, int groups, int roles, int assignments,
      int services, int endpoints, int revocationEvents, int skipped) {
    @Override
    public String toString() {
      return domains + " domains, " + projects + " projects, " + users + " users, " + groups + " groups, " + roles
          + " roles, " + assignments + " assignments, " + services + " services, " + endpoints + " endpoints, "
          + revocationEvents + " revocation events" + (skipped > 0 ? " (" + skipped + " trusts/app credentials skipped)" : "");
    }
  }

  private final RoleStore store;
  private final CatalogStore catalog;
  private final Consumer<RevocationEvent> revocations;

  public KeystoneImport(RoleStore store, CatalogStore catalog, Consumer<RevocationEvent> revocations) {
    this.store = store;
    this.catalog = catalog;
    this.revocations = revocations;
  }

  public Summary load(JsonNode export) {
    for (JsonNode d : list(export, "domains")) {
      if (store.domains().find(text(d, "id")).isEmpty()) {
        store.domains().create(new Domain(text(d, "id"), text(d, "name"), d.path("description").asText(""),
            d.path("enabled").asBoolean(true)));
      }
    }
    List<JsonNode> projects = parentsFirst(list(export, "projects"));
    for (JsonNode p : projects) {
      String parent = p.path("parent_id").isTextual() && !text(p, "parent_id").equals(text(p, "domain_id"))
          ? text(p, "parent_id") : null;
      store.projects().create(new Project(text(p, "id"), text(p, "name"), text(p, "domain_id"), parent,
          p.path("description").asText(""), p.path("enabled").asBoolean(true)));
    }
    for (JsonNode u : list(export, "users")) {
      String defaultProject = u.path("default_project_id").isTextual() ? text(u, "default_project_id") : null;
      String hash = u.path("password_hash").isTextual() ? text(u, "password_hash") : null;
      store.users().createWithHash(new User(text(u, "id"), text(u, "name"), text(u, "domain_id"),
          u.path("enabled").asBoolean(true), defaultProject, null, null), hash);
    }
    for (JsonNode g : list(export, "groups")) {
      store.groups().create(new Group(text(g, "id"), text(g, "name"), text(g, "domain_id"),
          g.path("description").asText("")));
      g.path("members").forEach(member -> store.groups().addMember(text(g, "id"), member.asText()));
    }
    for (JsonNode r : list(export, "roles")) {
      if (store.roles().find(text(r, "id")).isEmpty()) {
        store.roles().create(new Role(text(r, "id"), text(r, "name"),
            r.path("domain_id").isTextual() ? text(r, "domain_id") : null, null));
      }
    }
    for (JsonNode i : list(export, "implied_roles")) {
      store.roles().addImplied(i.at("/prior_role/id").asText(), i.at("/implied_role/id").asText());
    }
    int assignments = 0;
    for (JsonNode a : list(export, "role_assignments")) {
      store.assignments().grant(assignment(a));
      assignments++;
    }
    List<JsonNode> services = list(export, "services");
    if (!services.isEmpty()) {
      for (CatalogService existing : catalog.listServices(Optional.empty(), Optional.empty())) {
        catalog.deleteService(existing.id());
      }
    }
    for (JsonNode s : services) {
      catalog.createService(Optional.of(text(s, "id")), text(s, "type"), s.path("name").asText(""),
          s.path("description").asText(""), s.path("enabled").asBoolean(true));
    }
    for (JsonNode e : list(export, "endpoints")) {
      catalog.createEndpoint(Optional.of(text(e, "id")), text(e, "service_id"), text(e, "interface"),
          e.path("region_id").isTextual() ? text(e, "region_id") : null, text(e, "url"), e.path("enabled").asBoolean(true));
    }
    for (JsonNode event : list(export, "revocation_events")) {
      RevocationEvent.Builder builder = RevocationEvent.builder(Instant.parse(text(event, "revoked_at")));
      optional(event, "audit_id").ifPresent(builder::auditId);
      optional(event, "user_id").ifPresent(builder::userId);
      optional(event, "project_id").ifPresent(builder::projectId);
      optional(event, "issued_before").map(Instant::parse).ifPresent(builder::issuedBefore);
      revocations.accept(builder.build());
    }
    return new Summary(list(export, "domains").size(), projects.size(), list(export, "users").size(),
        list(export, "groups").size(), list(export, "roles").size(), assignments, services.size(),
        list(export, "endpoints").size(), list(export, "revocation_events").size(),
        list(export, "trusts").size() + list(export, "application_credentials").size());
  }

  private static Assignment assignment(JsonNode a) {
    Actor actor = a.has("user") ? Actor.user(a.at("/user/id").asText()) : Actor.group(a.at("/group/id").asText());
    JsonNode scope = a.path("scope");
    Target target = scope.has("project") ? Target.project(scope.at("/project/id").asText())
        : scope.has("domain") ? Target.domain(scope.at("/domain/id").asText())
        : Target.system();
    return new Assignment(a.at("/role/id").asText(), actor, target, scope.has("OS-INHERIT:inherited_to"));
  }

  /** Keystone lists projects in any order; a parent must exist before its children. */
  private static List<JsonNode> parentsFirst(List<JsonNode> projects) {
    List<JsonNode> ordered = new ArrayList<>();
    List<String> placed = new ArrayList<>();
    List<JsonNode> pending = new ArrayList<>(projects);
    while (!pending.isEmpty()) {
      int before = pending.size();
      pending.removeIf(p -> {
        String parent = p.path("parent_id").asText("");
        boolean ready = parent.isEmpty() || parent.equals(p.path("domain_id").asText()) || placed.contains(parent);
        if (ready) {
          ordered.add(p);
          placed.add(p.path("id").asText());
        }
        return ready;
      });
      if (pending.size() == before) {
        throw new BadRequestException("projects with unknown or circular parents: " + pending.size());
      }
    }
    return ordered;
  }

  private static List<JsonNode> list(JsonNode export, String field) {
    List<JsonNode> items = new ArrayList<>();
    export.path(field).forEach(items::add);
    return items;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BadRequestException("import: " + field + " missing in " + node);
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
  }
}
