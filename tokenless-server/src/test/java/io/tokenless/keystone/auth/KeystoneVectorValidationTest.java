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
    new KeystoneImport(server.store, server.catalog, server.revocations::record).load(fixture);
  }
}
