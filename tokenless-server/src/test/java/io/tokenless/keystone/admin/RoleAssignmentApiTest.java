package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.keystone.admin.AdminApi.Reply;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v3/role_assignments} over one arrangement, made through the API: in domain
 * {@code acme}, project {@code web} with child {@code web-api}; alice is {@code member} of
 * {@code web}, has {@code reader} inherited to every project of {@code acme}, and is in group
 * {@code devs}, which is {@code operator} on {@code web-api}; {@code member ⇒ reader}.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleAssignmentApiTest {
  private static final String BASE = AdminApi.PUBLIC_URL + "/v3";

  private AdminApi api;
  private String acme;
  private String web;
  private String webApi;
  private String alice;
  private String devs;
  private String operator;

  @BeforeAll
  void start(TestDatabase database) {
    api = new AdminApi(database);
    acme = api.create("domains", "domain", "{\"name\": \"acme\"}");
    web = api.create("projects", "project", "{\"name\": \"web\", \"domain_id\": \"" + acme + "\"}");
    webApi = api.create("projects", "project", "{\"name\": \"web-api\", \"parent_id\": \"" + web + "\"}");
    alice = api.create("users", "user", "{\"name\": \"alice\", \"domain_id\": \"" + acme + "\"}");
    devs = api.create("groups", "group", "{\"name\": \"devs\", \"domain_id\": \"" + acme + "\"}");
    operator = api.create("roles", "role", "{\"name\": \"operator\"}");
    expect204("PUT", "/v3/groups/" + devs + "/users/" + alice);
    expect204("PUT", "/v3/projects/" + web + "/users/" + alice + "/roles/" + api.member.id());
    expect204("PUT", "/v3/OS-INHERIT/domains/" + acme + "/users/" + alice + "/roles/" + api.reader.id()
        + "/inherited_to_projects");
    expect204("PUT", "/v3/projects/" + webApi + "/groups/" + devs + "/roles/" + operator);
  }

  private void expect204(String method, String path) {
    Reply reply = api.admin(method, path);
    assertThat(reply.status()).as(method + " " + path + ": " + reply.body()).isEqualTo(204);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private List<JsonNode> assignments(String query) {
    Reply reply = api.admin("GET", "/v3/role_assignments" + query);
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json");
    List<JsonNode> entries = new ArrayList<>();
    reply.json().get("role_assignments").forEach(entries::add);
    return entries;
  }

  private static JsonNode only(List<JsonNode> entries, Predicate<JsonNode> which) {
    List<JsonNode> matching = entries.stream().filter(which).toList();
    assertThat(matching).as("entries matching in %s", entries).hasSize(1);
    return matching.get(0);
  }

  private static Predicate<JsonNode> on(String projectId, String roleId) {
    return e -> projectId.equals(e.at("/scope/project/id").asText()) && roleId.equals(e.at("/role/id").asText());
  }

  @Test
  void directAssignmentsOfAUser_areListedWithTheirGrantLinks() {
    List<JsonNode> entries = assignments("?user.id=" + alice);

    assertThat(entries).hasSize(2);
    JsonNode member = only(entries, on(web, api.member.id()));
    assertThat(member.at("/user/id").asText()).isEqualTo(alice);
    assertThat(member.at("/links/assignment").asText())
        .isEqualTo(BASE + "/projects/" + web + "/users/" + alice + "/roles/" + api.member.id());
    JsonNode inherited = only(entries, e -> e.at("/scope/domain/id").asText().equals(acme));
    assertThat(inherited.at("/scope/OS-INHERIT:inherited_to").asText()).isEqualTo("projects");
    assertThat(inherited.at("/links/assignment").asText()).isEqualTo(BASE + "/OS-INHERIT/domains/" + acme
        + "/users/" + alice + "/roles/" + api.reader.id() + "/inherited_to_projects");
  }

  @Test
  void groupAssignments_areListedByGroup() {
    List<JsonNode> entries = assignments("?group.id=" + devs);

    JsonNode entry = only(entries, on(webApi, operator));
    assertThat(entry.at("/group/id").asText()).isEqualTo(devs);
    assertThat(entry.has("user")).isFalse();
    assertThat(entry.at("/links/assignment").asText())
        .isEqualTo(BASE + "/projects/" + webApi + "/groups/" + devs + "/roles/" + operator);
  }

  @Test
  void effectiveAssignments_expandGroupsInheritanceAndImpliedRoles() {
    List<JsonNode> entries = assignments("?user.id=" + alice + "&effective");

    JsonNode viaGroup = only(entries, on(webApi, operator));
    assertThat(viaGroup.at("/user/id").asText()).isEqualTo(alice);
    assertThat(viaGroup.at("/links/assignment").asText())
        .isEqualTo(BASE + "/projects/" + webApi + "/groups/" + devs + "/roles/" + operator);
    assertThat(viaGroup.at("/links/membership").asText()).isEqualTo(BASE + "/groups/" + devs + "/users/" + alice);

    JsonNode inheritedOnChild = only(entries, e -> on(webApi, api.reader.id()).test(e)
        && e.at("/scope/OS-INHERIT:inherited_to").asText().equals("projects"));
    assertThat(inheritedOnChild.at("/links/assignment").asText()).isEqualTo(BASE + "/OS-INHERIT/domains/" + acme
        + "/users/" + alice + "/roles/" + api.reader.id() + "/inherited_to_projects");

    JsonNode implied = only(entries, e -> on(web, api.reader.id()).test(e) && e.at("/links/prior_role").isTextual());
    assertThat(implied.at("/links/assignment").asText())
        .isEqualTo(BASE + "/projects/" + web + "/users/" + alice + "/roles/" + api.member.id());

    assertThat(entries).noneMatch(e -> e.has("group"));
    assertThat(entries).noneMatch(e -> e.at("/scope/domain").isObject());
    assertThat(entries).anyMatch(on(web, api.member.id()));
  }

  @Test
  void effectiveAssignments_filteredByInheritance_keepOnlyWhatThoseGrantsGive() {
    // openstack role assignment list --effective --inherited --user alice sends the first query.
    List<JsonNode> inherited = assignments("?user.id=" + alice + "&effective&scope.OS-INHERIT:inherited_to=projects");
    List<JsonNode> all = assignments("?user.id=" + alice + "&effective");

    assertThat(inherited).isNotEmpty().allMatch(e -> e.at("/scope/OS-INHERIT:inherited_to").asText().equals("projects"))
        .allMatch(e -> e.at("/links/assignment").asText().equals(BASE + "/OS-INHERIT/domains/" + acme
            + "/users/" + alice + "/roles/" + api.reader.id() + "/inherited_to_projects"));
    assertThat(inherited).extracting(e -> e.at("/scope/project/id").asText()).containsExactlyInAnyOrder(web, webApi);
    assertThat(all.size()).isGreaterThan(inherited.size());
    // Keystone compares the value with "projects": anything else asks for direct grants only.
    List<JsonNode> direct = assignments("?user.id=" + alice + "&effective&scope.OS-INHERIT:inherited_to=none");
    assertThat(direct).hasSize(all.size() - inherited.size()).noneMatch(e -> e.at("/scope/OS-INHERIT:inherited_to").isTextual());
  }

  @Test
  void effectiveAssignmentsWithNames_carryWhatTheCliPrints() {
    // openstack role assignment list --effective --names --user alice sends exactly this.
    List<JsonNode> entries = assignments("?user.id=" + alice + "&effective=True&include_names=True");

    JsonNode member = only(entries, on(web, api.member.id()));
    assertThat(member.at("/role/name").asText()).isEqualTo("member");
    assertThat(member.at("/user/name").asText()).isEqualTo("alice");
    assertThat(member.at("/user/domain/id").asText()).isEqualTo(acme);
    assertThat(member.at("/user/domain/name").asText()).isEqualTo("acme");
    assertThat(member.at("/scope/project/name").asText()).isEqualTo("web");
    assertThat(member.at("/scope/project/domain/name").asText()).isEqualTo("acme");
    assertThat(entries).allMatch(e -> e.at("/role/name").isTextual() && e.at("/scope/project/name").isTextual());
  }

  @Test
  void withoutIncludeNames_onlyIdsAreSent() {
    List<JsonNode> entries = assignments("?user.id=" + alice + "&effective=True&include_names=False");

    assertThat(entries).allMatch(e -> !e.get("role").has("name") && !e.get("user").has("name"));
  }

  @Test
  void scopeAndRoleFilters_narrowTheListing() {
    List<JsonNode> onWeb = assignments("?scope.project.id=" + web);
    List<JsonNode> operatorOnly = assignments("?role.id=" + operator);
    List<JsonNode> onAcme = assignments("?scope.domain.id=" + acme);
    List<JsonNode> inheritedOnly = assignments("?scope.OS-INHERIT:inherited_to=projects");

    assertThat(onWeb).allMatch(e -> e.at("/scope/project/id").asText().equals(web)).hasSize(1);
    assertThat(operatorOnly).hasSize(1).allMatch(e -> e.at("/group/id").asText().equals(devs));
    assertThat(onAcme).hasSize(1);
    assertThat(inheritedOnly).hasSize(1).allMatch(e -> e.at("/scope/OS-INHERIT:inherited_to").isTextual());
  }

  @Test
  void includeSubtree_addsTheProjectsBelow() {
    List<JsonNode> entries = assignments("?scope.project.id=" + web + "&include_subtree=True");

    assertThat(entries).extracting(e -> e.at("/scope/project/id").asText()).containsExactlyInAnyOrder(web, webApi);
  }

  @Test
  void effectiveListing_ofAProject_showsEveryUserReachingIt() {
    List<JsonNode> entries = assignments("?scope.project.id=" + webApi + "&effective");

    assertThat(entries).extracting(e -> e.at("/role/id").asText())
        .containsExactlyInAnyOrder(operator, api.reader.id());
  }

  @Test
  void systemAssignments_areListedWithTheSystemScope() {
    String system = "/v3/system/users/" + alice + "/roles/" + api.reader.id();
    expect204("PUT", system);
    try {
      List<JsonNode> entries = assignments("?scope.system=all");

      JsonNode entry = only(entries, e -> e.at("/user/id").asText().equals(alice));
      assertThat(entry.at("/scope/system/all").asBoolean()).isTrue();
      assertThat(entry.at("/links/assignment").asText()).isEqualTo(AdminApi.PUBLIC_URL + system);
    } finally {
      expect204("DELETE", system);
    }
  }

  @Test
  void impossibleFilterCombinations_areBadRequests() {
    for (String query : List.of("?effective&group.id=" + devs, "?scope.project.id=" + web + "&scope.domain.id=" + acme,
        "?user.id=" + alice + "&group.id=" + devs, "?scope.system=all&scope.project.id=" + web,
        "?include_subtree=True", "?effective&scope.domain.id=" + acme + "&scope.OS-INHERIT:inherited_to=projects")) {
      Reply reply = api.admin("GET", "/v3/role_assignments" + query);
      assertThat(reply.status()).as(query).isEqualTo(400);
      assertThat(reply.json().at("/error/code").asInt()).isEqualTo(400);
    }
  }

  @Test
  void collection_carriesKeystonesLinks() {
    Reply reply = api.admin("GET", "/v3/role_assignments?user.id=" + alice);

    assertThat(reply.json().at("/links/self").asText()).isEqualTo(BASE + "/role_assignments?user.id=" + alice);
    assertThat(reply.json().at("/links/next").isNull()).isTrue();
  }

  @Test
  void nonAdmin_mayNotListAssignments() {
    Reply reply = api.send("GET", "/v3/role_assignments?user.id=" + alice, alice, null);

    assertThat(reply.status()).isEqualTo(403);
  }
}
