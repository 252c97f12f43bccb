package io.tokenless.keystone.auth;

import io.tokenless.keystone.importer.KeystoneImport;
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
 * Keystone's own tokens, validated here: the vectors' fixture loaded with the same ids (trusts
 * and application credentials included), the same key repository, Keystone's revocation event.
 * Each token must get Keystone's final status and, for 200, Keystone's body (roles compared as a
 * set: Keystone's order is not defined).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneVectorValidationTest {

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
      JsonNode expected = vector.json().get("validate_final");
      HttpResponse<String> response = validate(auth, vector.token());
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
    assertThat(compared).isEqualTo(16);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void applicationCredentialToken_showsKeystonesUserProjectRolesAndCredential() throws Exception {
    VectorToken vector = KeystoneVectors.token("10-");
    JsonNode keystone = vector.json().at("/validate_final/body/token");

    HttpResponse<String> response = validate(KeystoneVectors.token("01-").token(), vector.token());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode ours = TokenApiServer.json(response).get("token");
    for (String field : List.of("methods", "user", "audit_ids", "expires_at", "issued_at", "project", "is_domain",
        "catalog", "application_credential")) {
      assertThat(ours.get(field)).as(field).isEqualTo(keystone.get(field));
    }
    assertThat(ours.get("roles")).as("roles in the credential's order").isEqualTo(keystone.get("roles"));
    assertThat(fieldNames(ours)).isEqualTo(fieldNames(keystone));
  }

  @Test
  void trustToken_showsKeystonesTrusteeTrustProjectAndDelegatedRoles() throws Exception {
    VectorToken vector = KeystoneVectors.token("11-");
    JsonNode keystone = vector.json().at("/validate_final/body/token");

    HttpResponse<String> response = validate(KeystoneVectors.token("01-").token(), vector.token());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode ours = TokenApiServer.json(response).get("token");
    for (String field : List.of("methods", "user", "audit_ids", "expires_at", "issued_at", "OS-TRUST:trust",
        "project", "catalog")) {
      assertThat(ours.get(field)).as(field).isEqualTo(keystone.get(field));
    }
    // member delegated, reader implied by it; full role entries as Keystone shows them.
    assertThat(withoutOptions(sortedRoles(ours))).isEqualTo(withoutOptions(sortedRoles(keystone)));
    assertThat(fieldNames(ours)).isEqualTo(fieldNames(keystone));
  }

  @Test
  void expiredApplicationCredentialToken_isNotFound_asWithKeystone() throws Exception {
    VectorToken vector = KeystoneVectors.token("12-");

    HttpResponse<String> response = validate(KeystoneVectors.token("01-").token(), vector.token());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(TokenApiServer.json(response)).isEqualTo(vector.json().at("/validate_final/body"));
  }

  private HttpResponse<String> validate(String auth, String subject) throws Exception {
    return server.send("GET", "/v3/auth/tokens", null, "X-Auth-Token", auth, "X-Subject-Token", subject);
  }

  /**
   * Roles sorted by id, without {@code options}: Keystone shows its bootstrap roles as
   * {@code immutable} in the full role entries of trust tokens; role options are not modelled here
   * (and no Keystone client reads them from a token). Everything else as is.
   */
  private static JsonNode normalised(JsonNode body) {
    JsonNode copy = body.deepCopy();
    JsonNode token = copy.path("token");
    if (token.path("roles").isArray()) {
      ((ObjectNode) token).set("roles", withoutOptions(sortedRoles(token)));
    }
    return copy;
  }

  private static ArrayNode sortedRoles(JsonNode token) {
    List<JsonNode> sorted = new ArrayList<>();
    token.get("roles").forEach(sorted::add);
    sorted.sort(Comparator.comparing(r -> r.get("id").asText()));
    ArrayNode array = Json.MAPPER.createArrayNode();
    sorted.forEach(array::add);
    return array;
  }

  private static ArrayNode withoutOptions(ArrayNode roles) {
    ArrayNode copy = roles.deepCopy();
    copy.forEach(role -> ((ObjectNode) role).remove("options"));
    return copy;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private void load(JsonNode fixture) {
    new KeystoneImport(server.store, server.catalog, server.revocations::record).load(fixture);
  }
}
