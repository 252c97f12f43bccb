package io.tokenless.keystone.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.keystone.admin.AdminApi.Reply;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Target;
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
class DomainAndProjectApiTest {
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
  void createdDomain_isAnsweredWith201InKeystonesShape() {
    Reply reply = api.admin("POST", "/v3/domains", "{\"domain\": {\"name\": \"corp\", \"description\": \"Corporate\"}}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.contentType()).isEqualTo("application/json");
    JsonNode domain = reply.json().get("domain");
    assertThat(domain.get("id").asText()).matches("[0-9a-f]{32}");
    assertThat(domain.get("name").asText()).isEqualTo("corp");
    assertThat(domain.get("description").asText()).isEqualTo("Corporate");
    assertThat(domain.get("enabled").asBoolean()).isTrue();
    assertThat(domain.get("tags").isArray()).isTrue();
    assertThat(domain.at("/links/self").asText())
        .isEqualTo(AdminApi.PUBLIC_URL + "/v3/domains/" + domain.get("id").asText());
  }

  @Test
  void domains_areListedWithCollectionLinksAndFilteredByName() {
    api.create("domains", "domain", "{\"name\": \"listed\"}");

    Reply all = api.admin("GET", "/v3/domains");
    Reply byName = api.admin("GET", "/v3/domains?name=listed");

    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get("domains").findValuesAsText("name")).contains("Default", "listed");
    assertThat(all.json().at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/domains");
    assertThat(all.json().at("/links/previous").isNull()).isTrue();
    assertThat(all.json().at("/links/next").isNull()).isTrue();
    assertThat(byName.json().get("domains")).hasSize(1);
    assertThat(byName.json().at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/domains?name=listed");
  }

  @Test
  void domain_isShownUpdatedAndFilteredByEnabled() {
    String id = api.create("domains", "domain", "{\"name\": \"toggled\"}");

    Reply updated = api.admin("PATCH", "/v3/domains/" + id, "{\"domain\": {\"enabled\": false, \"description\": \"off\"}}");
    Reply shown = api.admin("GET", "/v3/domains/" + id);
    Reply disabled = api.admin("GET", "/v3/domains?enabled=false");

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().at("/domain/enabled").asBoolean()).isFalse();
    assertThat(shown.json().at("/domain/description").asText()).isEqualTo("off");
    assertThat(disabled.json().get("domains").findValuesAsText("id")).contains(id).doesNotContain("default");
    assertThat(api.revocations).contains("domain:" + id);
  }

  @Test
  void duplicateDomainName_isAConflict() {
    api.create("domains", "domain", "{\"name\": \"twice\"}");

    Reply again = api.admin("POST", "/v3/domains", "{\"domain\": {\"name\": \"twice\"}}");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().at("/error/code").asInt()).isEqualTo(409);
    assertThat(again.json().at("/error/title").asText()).isEqualTo("Conflict");
  }

  @Test
  void domainNameLongerThan64_orEmpty_isABadRequest() {
    Reply tooLong = api.admin("POST", "/v3/domains", "{\"domain\": {\"name\": \"" + "d".repeat(65) + "\"}}");
    Reply empty = api.admin("POST", "/v3/domains", "{\"domain\": {\"name\": \"\"}}");
    Reply longest = api.admin("POST", "/v3/domains", "{\"domain\": {\"name\": \"" + "d".repeat(64) + "\"}}");

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.contentType()).isEqualTo("application/json");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(longest.status()).isEqualTo(201);
  }

  @Test
  void domain_mayBeCreatedWithAnExplicitId_onlyOnce() {
    Reply first = api.admin("POST", "/v3/domains",
        "{\"domain\": {\"name\": \"mirrored\", \"explicit_domain_id\": \"0123456789abcdef0123456789abcdef\"}}");
    Reply again = api.admin("POST", "/v3/domains",
        "{\"domain\": {\"name\": \"mirrored-2\", \"explicit_domain_id\": \"0123456789abcdef0123456789abcdef\"}}");

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().at("/domain/id").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().at("/error/message").asText()).contains("Duplicate ID");
  }

  @Test
  void unknownDomain_isA404WithKeystonesMessage() {
    Reply reply = api.admin("GET", "/v3/domains/nosuchdomain");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().at("/error/message").asText()).isEqualTo("Could not find domain: nosuchdomain.");
  }

  @Test
  void deletingAnEnabledDomain_isForbidden() {
    String id = api.create("domains", "domain", "{\"name\": \"still-on\"}");

    Reply reply = api.admin("DELETE", "/v3/domains/" + id);

    assertThat(reply.status()).isEqualTo(403);
    assertThat(api.admin("GET", "/v3/domains/" + id).status()).isEqualTo(200);
  }

  @Test
  void deletingADisabledDomain_removesItsProjectsUsersAndGroups() {
    String domain = api.create("domains", "domain", "{\"name\": \"doomed\"}");
    String project = api.create("projects", "project", "{\"name\": \"p\", \"domain_id\": \"" + domain + "\"}");
    String user = api.create("users", "user", "{\"name\": \"u\", \"domain_id\": \"" + domain + "\"}");
    String group = api.create("groups", "group", "{\"name\": \"g\", \"domain_id\": \"" + domain + "\"}");
    api.admin("PATCH", "/v3/domains/" + domain, "{\"domain\": {\"enabled\": false}}");

    Reply deleted = api.admin("DELETE", "/v3/domains/" + domain);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(api.admin("GET", "/v3/domains/" + domain).status()).isEqualTo(404);
    assertThat(api.admin("GET", "/v3/projects/" + project).status()).isEqualTo(404);
    assertThat(api.admin("GET", "/v3/users/" + user).status()).isEqualTo(404);
    assertThat(api.admin("GET", "/v3/groups/" + group).status()).isEqualTo(404);
  }

  @Test
  void createdProject_showsItsDomainAsParentLikeKeystone() {
    String domain = api.create("domains", "domain", "{\"name\": \"projects-home\"}");

    Reply reply = api.admin("POST", "/v3/projects",
        "{\"project\": {\"name\": \"x\", \"domain_id\": \"" + domain + "\", \"description\": null, \"enabled\": true,"
            + " \"is_domain\": false, \"tags\": []}}");

    assertThat(reply.status()).isEqualTo(201);
    JsonNode project = reply.json().get("project");
    assertThat(project.get("name").asText()).isEqualTo("x");
    assertThat(project.get("domain_id").asText()).isEqualTo(domain);
    assertThat(project.get("parent_id").asText()).isEqualTo(domain);
    assertThat(project.get("is_domain").asBoolean()).isFalse();
    assertThat(project.get("enabled").asBoolean()).isTrue();
    assertThat(project.get("tags").isArray()).isTrue();
    assertThat(project.at("/links/self").asText())
        .isEqualTo(AdminApi.PUBLIC_URL + "/v3/projects/" + project.get("id").asText());
  }

  @Test
  void projectWithoutDomain_landsInTheCallersDomain() {
    Reply reply = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"no-domain-given\"}}");

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().at("/project/domain_id").asText()).isEqualTo("default");
  }

  @Test
  void projectShowByName_worksAsTheCliFindsIt() {
    api.create("projects", "project", "{\"name\": \"demo\", \"domain_id\": \"default\"}");

    Reply byId = api.admin("GET", "/v3/projects/demo");
    Reply byName = api.admin("GET", "/v3/projects?name=demo");

    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.json().at("/error/message").asText()).isEqualTo("Could not find project: demo.");
    assertThat(byName.status()).isEqualTo(200);
    assertThat(byName.json().get("projects")).hasSize(1);
    assertThat(byName.json().at("/projects/0/name").asText()).isEqualTo("demo");
  }

  @Test
  void childProjects_areFilteredByParentAndTopLevelOnesByDomainAsParent() {
    String domain = api.create("domains", "domain", "{\"name\": \"tree\"}");
    String root = api.create("projects", "project", "{\"name\": \"root\", \"domain_id\": \"" + domain + "\"}");
    String child = api.create("projects", "project", "{\"name\": \"child\", \"parent_id\": \"" + root + "\"}");

    Reply children = api.admin("GET", "/v3/projects?parent_id=" + root);
    Reply topLevel = api.admin("GET", "/v3/projects?parent_id=" + domain);
    Reply inDomain = api.admin("GET", "/v3/projects?domain_id=" + domain);
    Reply domainsOnly = api.admin("GET", "/v3/projects?is_domain=true");

    assertThat(children.json().get("projects").findValuesAsText("id")).containsExactly(child);
    assertThat(children.json().at("/projects/0/domain_id").asText()).isEqualTo(domain);
    assertThat(children.json().at("/projects/0/parent_id").asText()).isEqualTo(root);
    assertThat(topLevel.json().get("projects").findValuesAsText("id")).containsExactly(root);
    assertThat(inDomain.json().get("projects").findValuesAsText("id")).containsExactlyInAnyOrder(root, child);
    assertThat(domainsOnly.json().get("projects")).isEmpty();
  }

  @Test
  void project_isUpdatedAndDeleted() {
    String id = api.create("projects", "project", "{\"name\": \"short-lived\"}");

    Reply updated = api.admin("PATCH", "/v3/projects/" + id,
        "{\"project\": {\"name\": \"renamed\", \"description\": \"d\", \"enabled\": false}}");
    Reply deleted = api.admin("DELETE", "/v3/projects/" + id);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().at("/project/name").asText()).isEqualTo("renamed");
    assertThat(updated.json().at("/project/description").asText()).isEqualTo("d");
    assertThat(updated.json().at("/project/enabled").asBoolean()).isFalse();
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.revocations).containsSubsequence("project:" + id, "project:" + id);
    assertThat(api.admin("GET", "/v3/projects/" + id).status()).isEqualTo(404);
    assertThat(api.admin("DELETE", "/v3/projects/" + id).status()).isEqualTo(404);
  }

  @Test
  void duplicateProjectNameInADomain_isAConflict_butNotAcrossDomains() {
    String other = api.create("domains", "domain", "{\"name\": \"elsewhere\"}");
    api.create("projects", "project", "{\"name\": \"same\", \"domain_id\": \"default\"}");

    Reply sameDomain = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"same\", \"domain_id\": \"default\"}}");
    Reply otherDomain = api.admin("POST", "/v3/projects",
        "{\"project\": {\"name\": \"same\", \"domain_id\": \"" + other + "\"}}");

    assertThat(sameDomain.status()).isEqualTo(409);
    assertThat(otherDomain.status()).isEqualTo(201);
  }

  @Test
  void projectNamePast64Characters_isABadRequest() {
    Reply reply = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"" + "p".repeat(65) + "\"}}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().at("/error/code").asInt()).isEqualTo(400);
  }

  @Test
  void projectInAnUnknownDomain_isABadRequest() {
    Reply reply = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"lost\", \"domain_id\": \"nowhere\"}}");

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void malformedJson_andWrongTypes_areBadRequests() {
    Reply malformed = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": ");
    Reply notAnObject = api.admin("POST", "/v3/projects", "[1, 2]");
    Reply wrongName = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": 7}}");
    Reply wrongEnabled = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"t\", \"enabled\": \"yes\"}}");
    Reply wrongTags = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"t\", \"tags\": \"a\"}}");
    Reply noBody = api.admin("POST", "/v3/projects", null);

    for (Reply reply : new Reply[] {malformed, notAnObject, wrongName, wrongEnabled, wrongTags, noBody}) {
      assertThat(reply.status()).as(reply.body()).isEqualTo(400);
      assertThat(reply.contentType()).isEqualTo("application/json");
      assertThat(reply.json().at("/error/code").asInt()).isEqualTo(400);
    }
  }

  @Test
  void unknownFieldsInABody_areTolerated() {
    Reply reply = api.admin("POST", "/v3/projects", "{\"project\": {\"name\": \"extra\", \"colour\": \"blue\"}}");

    assertThat(reply.status()).isEqualTo(201);
  }

  @Test
  void headOnACollection_answers200WithoutABody() {
    Reply reply = api.admin("HEAD", "/v3/projects");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEmpty();
  }

  @Test
  void nonAdmin_isForbiddenToManageDomainsAndProjects() {
    User plain = api.plainUser("plain-dp", "pw");

    Reply list = api.send("GET", "/v3/projects", plain.id(), null);
    Reply create = api.send("POST", "/v3/domains", plain.id(), "{\"domain\": {\"name\": \"mine\"}}");

    assertThat(list.status()).isEqualTo(403);
    assertThat(create.status()).isEqualTo(403);
    assertThat(api.send("GET", "/v3/domains/default", plain.id(), null).status()).isEqualTo(403);
    assertThat(create.json().at("/error/message").asText()).contains("identity:create_domain");
  }

  @Test
  void memberOfAProject_mayReadThatProjectAndItsDomainOnly() {
    User member = api.plainUser("project-member", "pw");
    String own = api.create("projects", "project", "{\"name\": \"own\"}");
    String other = api.create("projects", "project", "{\"name\": \"not-own\"}");
    api.store.assignments().grant(new Assignment(api.member.id(), Actor.user(member.id()), Target.project(own), false));
    api.store.users().update(new User(member.id(), member.name(), member.domainId(), true, own, null, null));

    assertThat(api.send("GET", "/v3/projects/" + own, member.id(), null).status()).isEqualTo(200);
    assertThat(api.send("GET", "/v3/projects/" + other, member.id(), null).status()).isEqualTo(403);
    assertThat(api.send("GET", "/v3/domains/default", member.id(), null).status()).isEqualTo(200);
  }

  @Test
  void withoutCredentials_everyAdministrativeCallIsUnauthenticated() {
    Reply reply = api.send("GET", "/v3/domains", null, null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.contentType()).isEqualTo("application/json");
    assertThat(reply.json().at("/error/code").asInt()).isEqualTo(401);
  }
}
