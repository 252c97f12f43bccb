package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.keystone.admin.AdminApi.Reply;
import io.tokenless.roles.model.Scope;
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
class RoleAndGrantApiTest {
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
  void createdRole_isGlobalAndShownListedUpdatedAndDeleted() {
    Reply created = api.admin("POST", "/v3/roles", "{\"role\": {\"name\": \"auditor\"}}");
    String id = created.json().at("/role/id").asText();

    Reply byName = api.admin("GET", "/v3/roles?name=auditor");
    Reply shown = api.admin("GET", "/v3/roles/" + id);
    Reply updated = api.admin("PATCH", "/v3/roles/" + id, "{\"role\": {\"description\": \"reads logs\"}}");
    Reply deleted = api.admin("DELETE", "/v3/roles/" + id);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/role/domain_id").isNull()).isTrue();
    assertThat(created.json().at("/role/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/roles/" + id);
    assertThat(byName.json().get("roles").findValuesAsText("id")).containsExactly(id);
    assertThat(shown.json().at("/role/name").asText()).isEqualTo("auditor");
    assertThat(updated.json().at("/role/description").asText()).isEqualTo("reads logs");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/roles/" + id).status()).isEqualTo(404);
  }

  @Test
  void domainRoles_areListedOnlyWithTheirDomainFilter() {
    String domain = api.create("domains", "domain", "{\"name\": \"role-domain\"}");
    String domainRole = api.create("roles", "role", "{\"name\": \"member\", \"domain_id\": \"" + domain + "\"}");

    Reply global = api.admin("GET", "/v3/roles");
    Reply ofDomain = api.admin("GET", "/v3/roles?domain_id=" + domain);

    assertThat(global.json().get("roles").findValuesAsText("name")).contains("admin", "member", "reader");
    assertThat(global.json().get("roles").findValuesAsText("id")).doesNotContain(domainRole);
    assertThat(ofDomain.json().get("roles").findValuesAsText("id")).containsExactly(domainRole);
  }

  @Test
  void duplicateGlobalRoleName_isAConflict() {
    Reply reply = api.admin("POST", "/v3/roles", "{\"role\": {\"name\": \"member\"}}");

    assertThat(reply.status()).isEqualTo(409);
  }

  @Test
  void impliedRole_isCreatedWith201_andCheckedShownListedAndDeleted() {
    String prior = api.create("roles", "role", "{\"name\": \"operator\"}");
    String implied = api.create("roles", "role", "{\"name\": \"observer\"}");
    String rule = "/v3/roles/" + prior + "/implies/" + implied;

    Reply created = api.admin("PUT", rule);
    Reply checked = api.admin("HEAD", rule);
    Reply shown = api.admin("GET", rule);
    Reply listed = api.admin("GET", "/v3/roles/" + prior + "/implies");
    Reply inferences = api.admin("GET", "/v3/role_inferences");
    Reply deleted = api.admin("DELETE", rule);
    Reply checkedAgain = api.admin("HEAD", rule);

    assertThat(created.status()).isEqualTo(201);
    JsonNode inference = created.json().get("role_inference");
    assertThat(inference.at("/prior_role/id").asText()).isEqualTo(prior);
    assertThat(inference.at("/prior_role/name").asText()).isEqualTo("operator");
    assertThat(inference.at("/implies/id").asText()).isEqualTo(implied);
    assertThat(inference.at("/implies/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/roles/" + implied);
    assertThat(created.json().at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + rule);
    assertThat(checked.status()).isEqualTo(204);
    assertThat(shown.status()).isEqualTo(200);
    assertThat(shown.json().at("/role_inference/implies/name").asText()).isEqualTo("observer");
    assertThat(listed.json().at("/role_inference/implies").findValuesAsText("id")).containsExactly(implied);
    assertThat(inferences.json().get("role_inferences").findValuesAsText("name"))
        .contains("admin", "member", "reader", "operator", "observer");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(checkedAgain.status()).isEqualTo(404);
  }

  @Test
  void impliedRuleClosingACycle_isAConflict_andImplyingAdminIsForbidden() {
    Reply cycle = api.admin("PUT", "/v3/roles/" + api.reader.id() + "/implies/" + api.admin.id());
    Reply backwards = api.admin("PUT", "/v3/roles/" + api.reader.id() + "/implies/" + api.member.id());

    assertThat(cycle.status()).isEqualTo(403);
    assertThat(backwards.status()).isEqualTo(409);
  }

  @Test
  void projectGrant_isGrantedCheckedListedAndRevokedWith204s() {
    User olivia = api.plainUser("olivia", null);
    String project = api.create("projects", "project", "{\"name\": \"grants-here\"}");
    String grant = "/v3/projects/" + project + "/users/" + olivia.id() + "/roles/" + api.member.id();

    Reply granted = api.admin("PUT", grant);
    Reply checkedByHead = api.admin("HEAD", grant);
    Reply checkedByGet = api.admin("GET", grant);
    Reply listed = api.admin("GET", "/v3/projects/" + project + "/users/" + olivia.id() + "/roles");
    Reply revoked = api.admin("DELETE", grant);
    Reply checkedAgain = api.admin("HEAD", grant);
    Reply revokedAgain = api.admin("DELETE", grant);

    assertThat(granted.status()).isEqualTo(204);
    assertThat(granted.body()).isEmpty();
    assertThat(checkedByHead.status()).isEqualTo(204);
    assertThat(checkedByGet.status()).isEqualTo(204);
    assertThat(checkedByGet.body()).isEmpty();
    assertThat(listed.json().get("roles").findValuesAsText("name")).containsExactly("member");
    assertThat(revoked.status()).isEqualTo(204);
    assertThat(api.revocations).containsOnlyOnce("grant:" + olivia.id() + ":" + project + ":" + api.member.id());
    assertThat(checkedAgain.status()).isEqualTo(404);
    assertThat(revokedAgain.status()).isEqualTo(404);
  }

  @Test
  void grant_takesEffectInTheRoleLookup() {
    User peggy = api.plainUser("peggy", null);
    String project = api.create("projects", "project", "{\"name\": \"peggys\"}");

    api.admin("PUT", "/v3/projects/" + project + "/users/" + peggy.id() + "/roles/" + api.member.id());

    assertThat(api.lookup.effectiveRoles(peggy.id(), Scope.project(project)).roleNames())
        .containsExactly("member", "reader");
  }

  @Test
  void domainAndGroupGrants_useTheSameShape() {
    String group = api.create("groups", "group", "{\"name\": \"domain-admins\"}");
    String grant = "/v3/domains/default/groups/" + group + "/roles/" + api.admin.id();

    assertThat(api.admin("PUT", grant).status()).isEqualTo(204);
    assertThat(api.admin("GET", grant).status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/domains/default/groups/" + group + "/roles").json().get("roles")
        .findValuesAsText("id")).containsExactly(api.admin.id());
    assertThat(api.admin("DELETE", grant).status()).isEqualTo(204);
  }

  @Test
  void systemGrant_isGrantedCheckedListedAndRevoked() {
    User quinn = api.plainUser("quinn", null);
    String grant = "/v3/system/users/" + quinn.id() + "/roles/" + api.reader.id();

    assertThat(api.admin("PUT", grant).status()).isEqualTo(204);
    assertThat(api.admin("HEAD", grant).status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/system/users/" + quinn.id() + "/roles").json().get("roles")
        .findValuesAsText("name")).containsExactly("reader");
    assertThat(api.admin("DELETE", grant).status()).isEqualTo(204);
    assertThat(api.admin("HEAD", grant).status()).isEqualTo(404);
  }

  @Test
  void inheritedGrant_isSeparateFromTheDirectOne() {
    User rita = api.plainUser("rita", null);
    String inherited = "/v3/OS-INHERIT/domains/default/users/" + rita.id() + "/roles/" + api.member.id()
        + "/inherited_to_projects";
    String direct = "/v3/domains/default/users/" + rita.id() + "/roles/" + api.member.id();

    assertThat(api.admin("PUT", inherited).status()).isEqualTo(204);
    assertThat(api.admin("HEAD", inherited).status()).isEqualTo(204);
    assertThat(api.admin("HEAD", direct).status()).isEqualTo(404);
    assertThat(api.admin("GET", "/v3/OS-INHERIT/domains/default/users/" + rita.id() + "/roles/inherited_to_projects")
        .json().get("roles").findValuesAsText("name")).containsExactly("member");
    assertThat(api.admin("DELETE", inherited).status()).isEqualTo(204);
  }

  @Test
  void grantNamingUnknownThings_isA404WithKeystonesMessage() {
    User sam = api.plainUser("sam", null);

    Reply unknownRole = api.admin("PUT", "/v3/projects/" + api.adminProject.id() + "/users/" + sam.id() + "/roles/nope");
    Reply unknownProject = api.admin("PUT", "/v3/projects/nope/users/" + sam.id() + "/roles/" + api.member.id());

    assertThat(unknownRole.status()).isEqualTo(404);
    assertThat(unknownRole.json().at("/error/message").asText()).isEqualTo("Could not find role: nope.");
    assertThat(unknownProject.status()).isEqualTo(404);
    assertThat(unknownProject.json().at("/error/message").asText()).isEqualTo("Could not find project: nope.");
  }

  @Test
  void nonAdmin_cannotGrantOrCreateRoles() {
    User trent = api.plainUser("trent", null);

    Reply grant = api.send("PUT", "/v3/projects/" + api.adminProject.id() + "/users/" + trent.id() + "/roles/"
        + api.admin.id(), trent.id(), null);
    Reply role = api.send("POST", "/v3/roles", trent.id(), "{\"role\": {\"name\": \"superuser\"}}");

    assertThat(grant.status()).isEqualTo(403);
    assertThat(role.status()).isEqualTo(403);
    assertThat(api.store.assignments().rolesOn(io.tokenless.roles.model.Actor.user(trent.id()),
        io.tokenless.roles.model.Target.project(api.adminProject.id()), false)).isEmpty();
  }
}
