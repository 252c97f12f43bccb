package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.keystone.admin.AdminApi.Reply;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogApiTest {
  private AdminApi api;

  @BeforeAll
  void start(TestDatabase database) {
    api = new AdminApi(database);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  @Test
  void service_isCreatedShownListedUpdatedAndDeleted() {
    Reply created = api.admin("POST", "/v3/services",
        "{\"service\": {\"type\": \"compute\", \"name\": \"nova\", \"description\": \"Compute\"}}");
    String id = created.json().at("/service/id").asText();

    Reply byType = api.admin("GET", "/v3/services?type=compute");
    Reply updated = api.admin("PATCH", "/v3/services/" + id, "{\"service\": {\"enabled\": false}}");
    Reply head = api.admin("HEAD", "/v3/services/" + id);
    Reply deleted = api.admin("DELETE", "/v3/services/" + id);

    assertThat(created.status()).isEqualTo(201);
    JsonNode service = created.json().get("service");
    assertThat(service.get("type").asText()).isEqualTo("compute");
    assertThat(service.get("name").asText()).isEqualTo("nova");
    assertThat(service.get("enabled").asBoolean()).isTrue();
    assertThat(service.at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/services/" + id);
    assertThat(byType.json().get("services").findValuesAsText("id")).containsExactly(id);
    assertThat(updated.json().at("/service/enabled").asBoolean()).isFalse();
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(deleted.status()).isEqualTo(204);
    Reply gone = api.admin("GET", "/v3/services/" + id);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().at("/error/message").asText()).isEqualTo("Could not find service: " + id + ".");
  }

  @Test
  void serviceWithoutType_isABadRequest() {
    assertThat(api.admin("POST", "/v3/services", "{\"service\": {\"name\": \"typeless\"}}").status()).isEqualTo(400);
  }

  @Test
  void endpoint_isCreatedWithItsRegion_andShownWithBothRegionFields() {
    String service = api.create("services", "service", "{\"type\": \"image\", \"name\": \"glance\"}");

    Reply created = api.admin("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + service
        + "\", \"interface\": \"public\", \"url\": \"https://image.example.com:9292\", \"region_id\": \"RegionTwo\"}}");
    String id = created.json().at("/endpoint/id").asText();
    Reply filtered = api.admin("GET", "/v3/endpoints?service_id=" + service + "&interface=public");
    Reply updated = api.admin("PATCH", "/v3/endpoints/" + id, "{\"endpoint\": {\"url\": \"https://img.example.com\"}}");
    Reply region = api.admin("GET", "/v3/regions/RegionTwo");
    Reply deleted = api.admin("DELETE", "/v3/endpoints/" + id);

    assertThat(created.status()).isEqualTo(201);
    JsonNode endpoint = created.json().get("endpoint");
    assertThat(endpoint.get("interface").asText()).isEqualTo("public");
    assertThat(endpoint.get("region").asText()).isEqualTo("RegionTwo");
    assertThat(endpoint.get("region_id").asText()).isEqualTo("RegionTwo");
    assertThat(endpoint.get("service_id").asText()).isEqualTo(service);
    assertThat(endpoint.get("url").asText()).isEqualTo("https://image.example.com:9292");
    assertThat(endpoint.get("enabled").asBoolean()).isTrue();
    assertThat(endpoint.at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/endpoints/" + id);
    assertThat(filtered.json().get("endpoints").findValuesAsText("id")).containsExactly(id);
    assertThat(updated.json().at("/endpoint/url").asText()).isEqualTo("https://img.example.com");
    assertThat(region.status()).isEqualTo(200);
    assertThat(deleted.status()).isEqualTo(204);
  }

  @Test
  void endpointWithABadInterface_isABadRequest() {
    String service = api.create("services", "service", "{\"type\": \"network\"}");

    Reply reply = api.admin("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + service
        + "\", \"interface\": \"sideways\", \"url\": \"https://net.example.com\"}}");

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void region_isCreatedByPostAndPut_updatedAndDeleted() {
    Reply posted = api.admin("POST", "/v3/regions", "{\"region\": {\"id\": \"RegionOne\", \"description\": \"first\"}}");
    Reply put = api.admin("PUT", "/v3/regions/RegionOneA", "{\"region\": {\"parent_region_id\": \"RegionOne\"}}");
    Reply children = api.admin("GET", "/v3/regions?parent_region_id=RegionOne");
    Reply updated = api.admin("PATCH", "/v3/regions/RegionOneA", "{\"region\": {\"description\": \"child\"}}");
    Reply duplicate = api.admin("POST", "/v3/regions", "{\"region\": {\"id\": \"RegionOne\"}}");
    Reply deleted = api.admin("DELETE", "/v3/regions/RegionOneA");

    assertThat(posted.status()).isEqualTo(201);
    assertThat(posted.json().at("/region/description").asText()).isEqualTo("first");
    assertThat(posted.json().at("/region/parent_region_id").isNull()).isTrue();
    assertThat(posted.json().at("/region/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/regions/RegionOne");
    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().at("/region/parent_region_id").asText()).isEqualTo("RegionOne");
    assertThat(children.json().get("regions").findValuesAsText("id")).containsExactly("RegionOneA");
    assertThat(updated.json().at("/region/description").asText()).isEqualTo("child");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(deleted.status()).isEqualTo(204);
  }

  @Test
  void regionWithChildren_isDeletedWithThem() {
    api.admin("PUT", "/v3/regions/Parent", "{\"region\": {}}");
    api.admin("PUT", "/v3/regions/Child", "{\"region\": {\"parent_region_id\": \"Parent\"}}");
    api.admin("PUT", "/v3/regions/Grandchild", "{\"region\": {\"parent_region_id\": \"Child\"}}");

    Reply deleted = api.admin("DELETE", "/v3/regions/Parent");

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/regions/Child").status()).isEqualTo(404);
    assertThat(api.admin("GET", "/v3/regions/Grandchild").status()).isEqualTo(404);
  }

  @Test
  void regionWhoseChildHasAnEndpoint_isNotDeleted() {
    api.admin("PUT", "/v3/regions/Europe", "{\"region\": {}}");
    api.admin("PUT", "/v3/regions/EuropeWest", "{\"region\": {\"parent_region_id\": \"Europe\"}}");
    String service = api.create("services", "service", "{\"type\": \"volume\"}");
    api.admin("POST", "/v3/endpoints", "{\"endpoint\": {\"service_id\": \"" + service
        + "\", \"interface\": \"public\", \"url\": \"https://volume.example.com\", \"region_id\": \"EuropeWest\"}}");

    Reply parent = api.admin("DELETE", "/v3/regions/Europe");
    Reply child = api.admin("DELETE", "/v3/regions/EuropeWest");

    assertThat(parent.status()).isEqualTo(403);
    assertThat(parent.json().at("/error/message").asText()).isEqualTo(
        "Unable to delete region Europe because it or its child regions have associated endpoints.");
    assertThat(child.status()).isEqualTo(403);
    assertThat(api.admin("GET", "/v3/regions/Europe").status()).isEqualTo(200);
  }

  @Test
  void regionBelowARegion_cannotBecomeItsParent() {
    api.admin("PUT", "/v3/regions/Top", "{\"region\": {}}");
    api.admin("PUT", "/v3/regions/Middle", "{\"region\": {\"parent_region_id\": \"Top\"}}");
    api.admin("PUT", "/v3/regions/Bottom", "{\"region\": {\"parent_region_id\": \"Middle\"}}");

    Reply cycle = api.admin("PATCH", "/v3/regions/Top", "{\"region\": {\"parent_region_id\": \"Bottom\"}}");

    assertThat(cycle.status()).isEqualTo(400);
    assertThat(cycle.json().at("/error/message").asText())
        .isEqualTo("The specified parent region Bottom would create a circular region hierarchy.");
    assertThat(api.admin("GET", "/v3/regions/Top").json().at("/region/parent_region_id").isNull()).isTrue();
  }

  @Test
  void regions_areReadableByAnyone_butOnlyAdminsManageTheCatalog() {
    User viewer = api.plainUser("viewer", null);

    assertThat(api.send("GET", "/v3/regions", viewer.id(), null).status()).isEqualTo(200);
    assertThat(api.send("GET", "/v3/services", viewer.id(), null).status()).isEqualTo(403);
    assertThat(api.send("POST", "/v3/services", viewer.id(), "{\"service\": {\"type\": \"x\"}}").status())
        .isEqualTo(403);
    assertThat(api.send("POST", "/v3/regions", viewer.id(), "{\"region\": {}}").status()).isEqualTo(403);
  }
}
