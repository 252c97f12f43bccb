package io.tokenless.keystone.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.catalog.CatalogService;
import io.tokenless.fernet.KeystoneVectors;
import io.tokenless.fernet.KeystoneVectors.VectorToken;
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
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keystone's own tokens, validated here: the vectors' fixture loaded with the same ids, the
 * same key repository, Keystone's revocation event. Each token must get Keystone's final status
 * and, for 200, Keystone's body (roles compared as a set: Keystone's order is not defined).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneVectorValidationTest {

  /** Trust and application-credential tokens need state this server does not keep. */
  static final Set<String> NOT_SERVED = Set.of("10-alice_appcred_demo.json", "11-bob_trust_demo.json");

  TokenApiServer server;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) {
    Path keys = KeystoneVectors.copyRepository("keys", dir.resolve("keys"));
    // Keystone's [token] expiration of these vectors: ten years.
    server = new TokenApiServer(database, keys, Clock.systemUTC(), Duration.ofSeconds(315_360_000));
    load(KeystoneVectors.fixture());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void everyServedVectorToken_getsKeystonesStatusAndBody() throws Exception {
    String auth = KeystoneVectors.token("01-").token();
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (VectorToken vector : KeystoneVectors.tokens()) {
      if (NOT_SERVED.contains(vector.file())) {
        continue;
      }
      JsonNode expected = vector.json().get("validate_final");
      HttpResponse<String> response = server.send("GET", "/v3/auth/tokens", null,
          "X-Auth-Token", auth, "X-Subject-Token", vector.token());
      compared++;
      if (response.statusCode() != expected.get("status").asInt()) {
        mismatches.add(vector.file() + ": status " + response.statusCode() + ", Keystone "
            + expected.get("status") + " (" + response.body() + ")");
        continue;
      }
      JsonNode actualBody = normalised(Json.MAPPER.readTree(response.body()));
      JsonNode expectedBody = normalised(expected.get("body"));
      if (!actualBody.equals(expectedBody)) {
        mismatches.add(vector.file() + ":\n  ours     " + actualBody + "\n  Keystone " + expectedBody);
      }
    }
    assertThat(compared).isEqualTo(14);
    assertThat(mismatches).isEmpty();
  }

  /** Roles sorted by id; everything else as is. */
  private static JsonNode normalised(JsonNode body) {
    JsonNode copy = body.deepCopy();
    JsonNode roles = copy.path("token").path("roles");
    if (roles.isArray()) {
      List<JsonNode> sorted = new ArrayList<>();
      roles.forEach(sorted::add);
      sorted.sort(Comparator.comparing(r -> r.get("id").asText()));
      ArrayNode array = ((ObjectNode) copy.get("token")).putArray("roles");
      sorted.forEach(array::add);
    }
    return copy;
  }

  private void load(JsonNode fixture) {
    RoleStore store = server.store;
    for (JsonNode d : fixture.get("domains")) {
      store.domains().create(new Domain(d.get("id").asText(), d.get("name").asText(),
          d.path("description").asText(""), d.get("enabled").asBoolean()));
    }
    for (JsonNode p : fixture.get("projects")) {
      String parent = p.get("parent_id").asText().equals(p.get("domain_id").asText()) ? null : p.get("parent_id").asText();
      store.projects().create(new Project(p.get("id").asText(), p.get("name").asText(), p.get("domain_id").asText(),
          parent, p.path("description").asText(""), p.get("enabled").asBoolean()));
    }
    for (JsonNode u : fixture.get("users")) {
      store.users().createWithHash(new User(u.get("id").asText(), u.get("name").asText(), u.get("domain_id").asText(),
          u.get("enabled").asBoolean(), u.get("default_project_id").isNull() ? null : u.get("default_project_id").asText(),
          null, null), u.get("password_hash").asText());
    }
    for (JsonNode g : fixture.get("groups")) {
      store.groups().create(new Group(g.get("id").asText(), g.get("name").asText(), g.get("domain_id").asText(),
          g.path("description").asText("")));
      g.get("members").forEach(m -> store.groups().addMember(g.get("id").asText(), m.asText()));
    }
    for (JsonNode r : fixture.get("roles")) {
      store.roles().create(new Role(r.get("id").asText(), r.get("name").asText(),
          r.get("domain_id").isNull() ? null : r.get("domain_id").asText(), null));
    }
    for (JsonNode i : fixture.get("implied_roles")) {
      store.roles().addImplied(i.at("/prior_role/id").asText(), i.at("/implied_role/id").asText());
    }
    for (JsonNode a : fixture.get("role_assignments")) {
      Actor actor = a.has("user") ? Actor.user(a.at("/user/id").asText()) : Actor.group(a.at("/group/id").asText());
      JsonNode scope = a.get("scope");
      Target target = scope.has("project") ? Target.project(scope.at("/project/id").asText())
          : scope.has("domain") ? new Target(Target.Type.DOMAIN, scope.at("/domain/id").asText())
          : new Target(Target.Type.SYSTEM, "all");
      store.assignments().grant(new Assignment(a.at("/role/id").asText(), actor, target,
          scope.has("OS-INHERIT:inherited_to")));
    }
    for (CatalogService seeded : server.catalog.listServices(Optional.empty(), Optional.empty())) {
      server.catalog.deleteService(seeded.id());
    }
    for (JsonNode s : fixture.get("services")) {
      server.catalog.createService(Optional.of(s.get("id").asText()), s.get("type").asText(), s.get("name").asText(),
          s.path("description").asText(""), s.get("enabled").asBoolean());
    }
    for (JsonNode e : fixture.get("endpoints")) {
      server.catalog.createEndpoint(Optional.of(e.get("id").asText()), e.get("service_id").asText(),
          e.get("interface").asText(), e.get("region_id").asText(), e.get("url").asText(), e.get("enabled").asBoolean());
    }
    for (JsonNode event : fixture.get("revocation_events")) {
      server.revocations.record(RevocationEvent.builder(Instant.parse(event.get("revoked_at").asText()))
          .auditId(event.get("audit_id").asText())
          .issuedBefore(Instant.parse(event.get("issued_before").asText()))
          .build());
    }
  }
}
