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
class UserAndGroupApiTest {
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
  void createdUser_isAnsweredInKeystonesShape_withoutItsPassword() {
    Reply reply = api.admin("POST", "/v3/users",
        "{\"user\": {\"name\": \"alice\", \"domain_id\": \"default\", \"enabled\": true, \"password\": \"s3cret\","
            + " \"email\": \"alice@example.com\"}}");

    assertThat(reply.status()).isEqualTo(201);
    JsonNode user = reply.json().get("user");
    assertThat(user.get("name").asText()).isEqualTo("alice");
    assertThat(user.get("domain_id").asText()).isEqualTo("default");
    assertThat(user.get("enabled").asBoolean()).isTrue();
    assertThat(user.has("password_expires_at")).isTrue();
    assertThat(user.get("email").asText()).isEqualTo("alice@example.com");
    assertThat(user.at("/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/users/" + user.get("id").asText());
    assertThat(reply.body()).doesNotContain("s3cret");
    assertThat(api.store.users().verifyPassword(user.get("id").asText(), "s3cret".toCharArray())).isTrue();
  }

  @Test
  void users_areListedAndFilteredByNameAsTheCliFindsThem() {
    api.create("users", "user", "{\"name\": \"bob\"}");

    Reply byId = api.admin("GET", "/v3/users/bob");
    Reply byName = api.admin("GET", "/v3/users?name=bob");
    Reply inDomain = api.admin("GET", "/v3/users?domain_id=default&enabled=true");

    assertThat(byId.status()).isEqualTo(404);
    assertThat(byId.json().at("/error/message").asText()).isEqualTo("Could not find user: bob.");
    assertThat(byName.json().get("users")).hasSize(1);
    assertThat(byName.json().at("/users/0/name").asText()).isEqualTo("bob");
    assertThat(inDomain.json().get("users").findValuesAsText("name")).contains("admin", "bob");
  }

  @Test
  void user_isUpdatedWithANewPassword_andDeleted() {
    String id = api.create("users", "user", "{\"name\": \"carol\", \"password\": \"one\"}");

    Reply updated = api.admin("PATCH", "/v3/users/" + id,
        "{\"user\": {\"enabled\": false, \"password\": \"two\", \"description\": \"contractor\"}}");
    Reply deleted = api.admin("DELETE", "/v3/users/" + id);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().at("/user/enabled").asBoolean()).isFalse();
    assertThat(updated.json().at("/user/description").asText()).isEqualTo("contractor");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/users/" + id).status()).isEqualTo(404);
    assertThat(api.revocations).contains("user:" + id);
  }

  @Test
  void duplicateUserName_isAConflict_andNamesPast255AreBadRequests() {
    api.create("users", "user", "{\"name\": \"dave\"}");

    Reply duplicate = api.admin("POST", "/v3/users", "{\"user\": {\"name\": \"dave\"}}");
    Reply tooLong = api.admin("POST", "/v3/users", "{\"user\": {\"name\": \"" + "u".repeat(256) + "\"}}");
    Reply longest = api.admin("POST", "/v3/users", "{\"user\": {\"name\": \"" + "u".repeat(255) + "\"}}");
    Reply blank = api.admin("POST", "/v3/users", "{\"user\": {\"name\": \"   \"}}");

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(longest.status()).isEqualTo(201);
    assertThat(blank.status()).isEqualTo(400);
  }

  @Test
  void user_mayReadThemself_butNotOthers_norListUsers() {
    User erin = api.plainUser("erin", "pw");
    User frank = api.plainUser("frank", "pw");

    assertThat(api.send("GET", "/v3/users/" + erin.id(), erin.id(), null).status()).isEqualTo(200);
    assertThat(api.send("GET", "/v3/users/" + frank.id(), erin.id(), null).status()).isEqualTo(403);
    assertThat(api.send("GET", "/v3/users", erin.id(), null).status()).isEqualTo(403);
    assertThat(api.send("PATCH", "/v3/users/" + erin.id(), erin.id(), "{\"user\": {\"enabled\": true}}").status())
        .isEqualTo(403);
  }

  @Test
  void user_changesTheirOwnPassword_withTheOriginal() {
    User grace = api.plainUser("grace", "old-password");

    Reply changed = api.send("POST", "/v3/users/" + grace.id() + "/password", grace.id(),
        "{\"user\": {\"original_password\": \"old-password\", \"password\": \"new-password\"}}");

    assertThat(changed.status()).isEqualTo(204);
    assertThat(changed.body()).isEmpty();
    assertThat(api.store.users().verifyPassword(grace.id(), "new-password".toCharArray())).isTrue();
    assertThat(api.store.users().verifyPassword(grace.id(), "old-password".toCharArray())).isFalse();
    assertThat(api.revocations).contains("user:" + grace.id());
  }

  @Test
  void passwordChange_withAWrongOriginal_isUnauthorized_andChangesNothing() {
    User heidi = api.plainUser("heidi", "right");

    Reply reply = api.send("POST", "/v3/users/" + heidi.id() + "/password", heidi.id(),
        "{\"user\": {\"original_password\": \"wrong\", \"password\": \"next\"}}");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.body()).doesNotContain("wrong").doesNotContain("next");
    assertThat(api.store.users().verifyPassword(heidi.id(), "right".toCharArray())).isTrue();
    assertThat(api.revocations).doesNotContain("user:" + heidi.id());
  }

  @Test
  void passwordChange_ofADisabledUser_isUnauthorized() {
    User olga = api.plainUser("olga", "olgas");
    api.store.users().update(new User(olga.id(), olga.name(), olga.domainId(), false, null, null, null));

    Reply reply = api.send("POST", "/v3/users/" + olga.id() + "/password", null,
        "{\"user\": {\"original_password\": \"olgas\", \"password\": \"new\"}}");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(api.store.users().verifyPassword(olga.id(), "olgas".toCharArray())).isTrue();
  }

  @Test
  void passwordChange_forSomeoneElse_isForbidden_evenWithTheirPassword() {
    User ivan = api.plainUser("ivan", "ivans");
    User judy = api.plainUser("judy", "judys");

    Reply reply = api.send("POST", "/v3/users/" + ivan.id() + "/password", judy.id(),
        "{\"user\": {\"original_password\": \"ivans\", \"password\": \"taken-over\"}}");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(api.store.users().verifyPassword(ivan.id(), "ivans".toCharArray())).isTrue();
  }

  @Test
  void passwordChange_withoutTheOriginalField_isABadRequest() {
    User ken = api.plainUser("ken", "kens");

    Reply reply = api.send("POST", "/v3/users/" + ken.id() + "/password", ken.id(), "{\"user\": {\"password\": \"x\"}}");

    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void user_listsTheirOwnProjects_includingThoseReachedThroughGroupsAndInheritance() {
    User leo = api.plainUser("leo", "pw");
    String direct = api.create("projects", "project", "{\"name\": \"leo-direct\"}");
    String viaGroup = api.create("projects", "project", "{\"name\": \"leo-group\"}");
    String parent = api.create("projects", "project", "{\"name\": \"leo-parent\"}");
    String child = api.create("projects", "project", "{\"name\": \"leo-child\", \"parent_id\": \"" + parent + "\"}");
    String group = api.create("groups", "group", "{\"name\": \"leo-team\"}");
    api.admin("PUT", "/v3/groups/" + group + "/users/" + leo.id());
    api.admin("PUT", "/v3/projects/" + direct + "/users/" + leo.id() + "/roles/" + api.member.id());
    api.admin("PUT", "/v3/projects/" + viaGroup + "/groups/" + group + "/roles/" + api.reader.id());
    api.admin("PUT", "/v3/OS-INHERIT/projects/" + parent + "/users/" + leo.id() + "/roles/" + api.member.id()
        + "/inherited_to_projects");

    Reply own = api.send("GET", "/v3/users/" + leo.id() + "/projects", leo.id(), null);
    Reply others = api.send("GET", "/v3/users/" + api.adminUser.id() + "/projects", leo.id(), null);

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().get("projects").findValuesAsText("id")).containsExactlyInAnyOrder(direct, viaGroup, child);
    assertThat(others.status()).isEqualTo(403);
  }

  @Test
  void createdGroup_isShownListedUpdatedAndDeleted() {
    Reply created = api.admin("POST", "/v3/groups", "{\"group\": {\"name\": \"ops\", \"description\": \"Operators\"}}");
    String id = created.json().at("/group/id").asText();

    Reply listed = api.admin("GET", "/v3/groups?name=ops");
    Reply updated = api.admin("PATCH", "/v3/groups/" + id, "{\"group\": {\"name\": \"operations\"}}");
    Reply deleted = api.admin("DELETE", "/v3/groups/" + id);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().at("/group/domain_id").asText()).isEqualTo("default");
    assertThat(created.json().at("/group/description").asText()).isEqualTo("Operators");
    assertThat(created.json().at("/group/links/self").asText()).isEqualTo(AdminApi.PUBLIC_URL + "/v3/groups/" + id);
    assertThat(listed.json().get("groups").findValuesAsText("id")).containsExactly(id);
    assertThat(updated.json().at("/group/name").asText()).isEqualTo("operations");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.admin("GET", "/v3/groups/" + id).status()).isEqualTo(404);
  }

  @Test
  void duplicateGroupName_isAConflict_andLongNamesBadRequests() {
    api.create("groups", "group", "{\"name\": \"dup-group\"}");

    assertThat(api.admin("POST", "/v3/groups", "{\"group\": {\"name\": \"dup-group\"}}").status()).isEqualTo(409);
    assertThat(api.admin("POST", "/v3/groups", "{\"group\": {\"name\": \"" + "g".repeat(256) + "\"}}").status())
        .isEqualTo(400);
  }

  @Test
  void groupMembership_isAddedCheckedListedAndRemoved() {
    User mia = api.plainUser("mia", null);
    String group = api.create("groups", "group", "{\"name\": \"members-of\"}");
    String membership = "/v3/groups/" + group + "/users/" + mia.id();

    Reply added = api.admin("PUT", membership);
    Reply checked = api.admin("HEAD", membership);
    Reply members = api.admin("GET", "/v3/groups/" + group + "/users");
    Reply groupsOfMia = api.send("GET", "/v3/users/" + mia.id() + "/groups", mia.id(), null);
    Reply removed = api.admin("DELETE", membership);
    Reply checkedAgain = api.admin("HEAD", membership);
    Reply removedAgain = api.admin("DELETE", membership);

    assertThat(added.status()).isEqualTo(204);
    assertThat(checked.status()).isEqualTo(204);
    assertThat(members.json().get("users").findValuesAsText("id")).containsExactly(mia.id());
    assertThat(groupsOfMia.status()).isEqualTo(200);
    assertThat(groupsOfMia.json().get("groups").findValuesAsText("id")).containsExactly(group);
    assertThat(removed.status()).isEqualTo(204);
    assertThat(checkedAgain.status()).isEqualTo(404);
    assertThat(removedAgain.status()).isEqualTo(404);
  }

  @Test
  void membershipOfAnUnknownUser_isA404() {
    String group = api.create("groups", "group", "{\"name\": \"lonely\"}");

    Reply reply = api.admin("PUT", "/v3/groups/" + group + "/users/ghost");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.json().at("/error/message").asText()).isEqualTo("Could not find user: ghost.");
  }

  @Test
  void adminRoleOnAnyProject_makesACloudAdmin() {
    User nina = api.plainUser("nina", "pw");
    String project = api.create("projects", "project", "{\"name\": \"ninas\"}");
    assertThat(api.send("GET", "/v3/users", nina.id(), null).status()).isEqualTo(403);

    api.store.assignments().grant(new Assignment(api.admin.id(), Actor.user(nina.id()), Target.project(project), false));
    api.store.users().update(new User(nina.id(), nina.name(), nina.domainId(), true, project, null, null));

    assertThat(api.send("GET", "/v3/users", nina.id(), null).status()).isEqualTo(200);
    assertThat(api.send("POST", "/v3/domains", nina.id(), "{\"domain\": {\"name\": \"ninas-domain\"}}").status())
        .isEqualTo(201);
  }
}
