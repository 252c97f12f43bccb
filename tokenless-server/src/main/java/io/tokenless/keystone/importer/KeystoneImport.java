package io.tokenless.keystone.importer;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.catalog.CatalogService;
import io.tokenless.catalog.CatalogStore;
import io.tokenless.error.BadRequestException;
import io.tokenless.revocation.RevocationEvent;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Loads a Keystone export — Keystone's API shapes plus password hashes, as in the vectors'
 * {@code fixture.json} — keeping every id, so Keystone's Fernet tokens validate here and its
 * users' passwords keep working. Projects and trusts are loaded parents first; the catalog
 * replaces the configured one. Trusts and application credentials keep their ids, roles and
 * (for credentials) secret hashes, so the tokens Keystone scoped to them validate here and the
 * credentials keep authenticating. A trust without a project and a system-scoped credential are
 * skipped and counted: no token here can be scoped to them.
 */
public final class KeystoneImport {

  /** What was loaded, by kind. */
  public record Summary(int domains, int projects, int users, int groups, int roles, int assignments,
      int services, int endpoints, int revocationEvents, int trusts, int applicationCredentials, int skipped) {
    @Override
    public String toString() {
      return domains + " domains, " + projects + " projects, " + users + " users, " + groups + " groups, " + roles
          + " roles, " + assignments + " assignments, " + services + " services, " + endpoints + " endpoints, "
          + revocationEvents + " revocation events, " + trusts + " trusts, " + applicationCredentials
          + " application credentials"
          + (skipped > 0 ? " (" + skipped + " without a project skipped)" : "");
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
    int skipped = 0;
    int trusts = 0;
    for (JsonNode t : redelegatedLast(list(export, "trusts"))) {
      Optional<Trust> trust = KeystoneDelegations.trust(t);
      if (trust.isPresent()) {
        store.trusts().create(trust.get());
        trusts++;
      } else {
        skipped++;
      }
    }
    int credentials = 0;
    for (JsonNode c : list(export, "application_credentials")) {
      Optional<ApplicationCredential> credential = KeystoneDelegations.applicationCredential(c);
      if (credential.isPresent()) {
        store.applicationCredentials().createWithHash(credential.get(), KeystoneDelegations.secretHash(c));
        credentials++;
      } else {
        skipped++;
      }
    }
    for (JsonNode event : list(export, "revocation_events")) {
      RevocationEvent.Builder builder = RevocationEvent.builder(KeystoneDelegations.parseTime(text(event, "revoked_at")));
      optional(event, "audit_id").ifPresent(builder::auditId);
      optional(event, "audit_chain_id").ifPresent(builder::auditChainId);
      optional(event, "user_id").ifPresent(builder::userId);
      optional(event, "project_id").ifPresent(builder::projectId);
      optional(event, "domain_id").ifPresent(builder::domainId);
      optional(event, "trust_id").ifPresent(builder::trustId);
      optional(event, "role_id").ifPresent(builder::roleId);
      optional(event, "expires_at").map(KeystoneDelegations::parseTime).ifPresent(builder::expiresAt);
      optional(event, "issued_before").map(KeystoneDelegations::parseTime).ifPresent(builder::issuedBefore);
      revocations.accept(builder.build());
    }
    return new Summary(list(export, "domains").size(), projects.size(), list(export, "users").size(),
        list(export, "groups").size(), list(export, "roles").size(), assignments, services.size(),
        list(export, "endpoints").size(), list(export, "revocation_events").size(), trusts, credentials, skipped);
  }

  /** A re-delegated trust refers to the trust it came from, which must be stored first. */
  private static List<JsonNode> redelegatedLast(List<JsonNode> trusts) {
    return ordered(trusts, t -> t.path("redelegated_trust_id").asText(""), "trusts");
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
    return ordered(projects, p -> {
      String parent = p.path("parent_id").asText("");
      return parent.equals(p.path("domain_id").asText()) ? "" : parent;
    }, "projects");
  }

  /** {@code items} with each one after the item its {@code parent} names ("" for none). */
  private static List<JsonNode> ordered(List<JsonNode> items, Function<JsonNode, String> parent, String what) {
    List<JsonNode> ordered = new ArrayList<>();
    Set<String> placed = new HashSet<>();
    List<JsonNode> pending = new ArrayList<>(items);
    while (!pending.isEmpty()) {
      int before = pending.size();
      pending.removeIf(item -> {
        String parentId = parent.apply(item);
        boolean ready = parentId.isEmpty() || placed.contains(parentId);
        if (ready) {
          ordered.add(item);
          placed.add(item.path("id").asText());
        }
        return ready;
      });
      if (pending.size() == before) {
        throw new BadRequestException(what + " with unknown or circular parents: " + pending.size());
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
