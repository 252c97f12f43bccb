package io.tokenless.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.robust.RunningServer.Reply;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server's authentication pipeline with tokens scoped to an application credential or
 * a trust: what the caller may use is what the delegation lends, not what the user holds.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegatedTokenPipelineTest {

  RunningServer running;
  String project;
  Role member;
  Role reader;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path dir) {
    running = new RunningServer(database, dir);
    project = running.adminProject.id();
    member = running.store.roles().create(new Role(Ids.random(), "member", null, null));
    reader = running.store.roles().create(new Role(Ids.random(), "reader", null, null));
  }

  @AfterAll
  void stop() {
    running.close();
  }

  @Test
  void applicationCredentialToken_authenticatesWithTheCredentialsRolesOnly() throws Exception {
    User dana = user("dana", member, reader);
    ApplicationCredential credential = running.store.applicationCredentials().create(new ApplicationCredential(
        Ids.random(), "reader-only", dana.id(), project, null, null, false, List.of(reader.id()), null),
        "dana-secret".toCharArray());
    String token = issued("""
        {"auth": {"identity": {"methods": ["application_credential"],
          "application_credential": {"id": "%s", "secret": "dana-secret"}}}}""".formatted(credential.id()));

    JsonNode who = whoami(token);

    assertThat(who.at("/user/id").asText()).isEqualTo(dana.id());
    assertThat(roleNames(who)).containsExactly("reader");
  }

  @Test
  void impersonatingTrustToken_actsAsTheTrustorWithTheLentRoles() throws Exception {
    User trustor = user("frank", member, reader);
    User trustee = user("grace");
    Trust trust = running.store.trusts().create(new Trust(Ids.random(), trustor.id(), trustee.id(), project, true,
        null, null, null, null, List.of(reader.id()), null));
    String token = issued("""
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "grace-pass"}}},
          "scope": {"OS-TRUST:trust": {"id": "%s"}}}}""".formatted(trustee.id(), trust.id()));

    JsonNode who = whoami(token);

    assertThat(who.at("/user/id").asText()).isEqualTo(trustor.id());
    assertThat(roleNames(who)).containsExactly("reader");
  }

  @Test
  void credentialWithAccessRules_isRefusedAsACaller() throws Exception {
    User henry = user("henry", member);
    String rules = "[{\"id\":\"" + Ids.random() + "\",\"service\":\"identity\",\"path\":\"/v3/auth/tokens\","
        + "\"method\":\"GET\"}]";
    ApplicationCredential credential = running.store.applicationCredentials().create(new ApplicationCredential(
        Ids.random(), "ruled", henry.id(), project, null, null, false, List.of(member.id()), rules),
        "henry-secret".toCharArray());
    String token = issued("""
        {"auth": {"identity": {"methods": ["application_credential"],
          "application_credential": {"id": "%s", "secret": "henry-secret"}}}}""".formatted(credential.id()));

    Reply who = running.sendWithHeaders("GET", "/v1/auth/whoami", Map.of("X-Auth-Token", token));

    assertThat(who.status()).isEqualTo(401);
  }

  private User user(String name, Role... roles) {
    User user = running.store.users().create(new User(Ids.random(), name, Ids.DEFAULT_DOMAIN, true, null, null, null),
        (name + "-pass").toCharArray());
    for (Role role : roles) {
      running.store.assignments().grant(new Assignment(role.id(), Actor.user(user.id()), Target.project(project), false));
    }
    return user;
  }

  private String issued(String body) {
    HttpResponse<String> response = running.sendForHeaders("POST", "/v3/auth/tokens", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private JsonNode whoami(String token) throws Exception {
    Reply reply = running.sendWithHeaders("GET", "/v1/auth/whoami", Map.of("X-Auth-Token", token));
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return Json.MAPPER.readTree(reply.body());
  }

  private static List<String> roleNames(JsonNode who) {
    List<String> names = new ArrayList<>();
    who.get("roles").forEach(role -> names.add(role.get("name").asText()));
    return names;
  }
}
