package io.tokenless.keystone.auth;

import static io.tokenless.keystone.auth.KeystoneTokenApiTest.passwordById;
import static io.tokenless.keystone.auth.KeystoneTokenApiTest.projectScope;
import static io.tokenless.keystone.auth.KeystoneTokenApiTest.roleNames;
import static io.tokenless.keystone.auth.KeystoneTokenApiTest.subjectToken;
import static io.tokenless.keystone.auth.TokenApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.revocation.RevocationEvent;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from application credentials and trusts over HTTP, issued and validated as Keystone 22
 * does: what the delegation lends, what ends it, and the errors a client sees.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DelegatedTokenApiTest {

  static final Instant START = Instant.parse("2026-11-23T22:00:00.250Z");

  final MutableClock clock = new MutableClock(START);
  TokenApiServer server;
  RoleStore store;
  String admin;
  String member;
  String reader;
  String demo;
  String adminToken;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path keys) throws Exception {
    server = new TokenApiServer(database, keys, clock, Duration.ofHours(1), 0, true);
    store = server.store;
    store.domains().create(new Domain("default", "Default", "", true));
    demo = store.projects().create(new Project(id(), "demo", "default", null, "", true)).id();
    admin = store.roles().create(new Role(id(), "admin", null, null)).id();
    member = store.roles().create(new Role(id(), "member", null, "can do things")).id();
    reader = store.roles().create(new Role(id(), "reader", null, null)).id();
    store.roles().addImplied(admin, member);
    store.roles().addImplied(member, reader);
    String operator = user("operator");
    grant(admin, operator, demo);
    adminToken = subjectToken(issue(passwordById(operator, "operator-pass", projectScope(demo))));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // --- application credentials

  @Test
  void applicationCredentialById_issuesATokenWithOnlyTheCredentialsRoles() throws Exception {
    String alice = user("alice-1");
    grant(member, alice, demo);
    ApplicationCredential credential = credential(alice, "ci", null, List.of(reader), "ci-secret");

    HttpResponse<String> issued = issue(credentialById(credential.id(), "ci-secret"));

    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode token = json(issued).get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"application_credential\"]");
    assertThat(token.at("/user/id").asText()).isEqualTo(alice);
    assertThat(token.at("/project/id").asText()).isEqualTo(demo);
    assertThat(token.get("is_domain").asBoolean(true)).isFalse();
    // alice holds member and reader on demo; the credential lends reader only.
    assertThat(roleNames(token)).containsExactly("reader");
    assertThat(token.get("application_credential").toString())
        .isEqualTo("{\"id\":\"" + credential.id() + "\",\"name\":\"ci\",\"restricted\":true}");
    assertThat(token.get("expires_at").asText()).isEqualTo("2026-11-23T23:00:00.000000Z");
    JsonNode validated = json(validate(subjectToken(issued))).get("token");
    assertThat(validated.get("application_credential")).isEqualTo(token.get("application_credential"));
    assertThat(roleNames(validated)).containsExactly("reader");
  }

  @Test
  void applicationCredentialByNameAndUserName_isAccepted() throws Exception {
    String alice = user("alice-2");
    grant(member, alice, demo);
    credential(alice, "by-name", null, List.of(member, reader), "name-secret");

    HttpResponse<String> issued = issue("""
        {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
          "name": "by-name", "secret": "name-secret", "user": {"name": "alice-2", "domain": {"id": "default"}}}}}}""");

    assertThat(issued.statusCode()).isEqualTo(201);
    assertThat(roleNames(json(issued).get("token"))).containsExactly("member", "reader");
  }

  @Test
  void wrongSecretUnknownCredentialAndExpiredCredential_getTheSameKeystone401() throws Exception {
    String alice = user("alice-3");
    grant(member, alice, demo);
    ApplicationCredential credential = credential(alice, "expiring", START.plus(Duration.ofMinutes(5)),
        List.of(member), "right");

    HttpResponse<String> wrong = issue(credentialById(credential.id(), "wrong"));
    HttpResponse<String> unknown = issue(credentialById(id(), "right"));
    clock.advance(Duration.ofMinutes(6));
    HttpResponse<String> expired;
    try {
      expired = issue(credentialById(credential.id(), "right"));
    } finally {
      clock.set(START);
    }

    for (HttpResponse<String> response : List.of(wrong, unknown, expired)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(json(response).at("/error/message").asText())
          .isEqualTo("The request you have made requires authentication.");
      assertThat(response.body()).doesNotContain("right", "wrong");
    }
  }

  @Test
  void applicationCredentialToken_expiresNoLaterThanTheCredential() throws Exception {
    String alice = user("alice-4");
    grant(member, alice, demo);
    ApplicationCredential credential = credential(alice, "short", START.plus(Duration.ofMinutes(10)),
        List.of(member), "short-secret");

    HttpResponse<String> issued = issue(credentialById(credential.id(), "short-secret"));

    assertThat(json(issued).at("/token/expires_at").asText()).isEqualTo("2026-11-23T22:10:00.000000Z");
    clock.advance(Duration.ofMinutes(11));
    try {
      assertThat(validate(subjectToken(issued)).statusCode()).isEqualTo(404);
    } finally {
      clock.set(START);
    }
  }

  @Test
  void applicationCredential_withAScope_is401() throws Exception {
    String alice = user("alice-5");
    grant(member, alice, demo);
    ApplicationCredential credential = credential(alice, "scoped", null, List.of(member), "s");

    HttpResponse<String> response = issue("""
        {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
          "id": "%s", "secret": "s"}}, "scope": {"project": {"id": "%s"}}}}""".formatted(credential.id(), demo));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void deletingTheCredential_orRevokingTheUsersRole_endsItsTokens() throws Exception {
    String alice = user("alice-6");
    grant(member, alice, demo);
    ApplicationCredential deleted = credential(alice, "deleted", null, List.of(member), "d");
    ApplicationCredential other = credential(alice, "other", null, List.of(member), "o");
    String deletedToken = subjectToken(issue(credentialById(deleted.id(), "d")));
    String otherToken = subjectToken(issue(credentialById(other.id(), "o")));
    assertThat(validate(deletedToken).statusCode()).isEqualTo(200);

    store.applicationCredentials().delete(deleted.id());

    assertThat(validate(deletedToken).statusCode()).isEqualTo(404);
    assertThat(validate(otherToken).statusCode()).isEqualTo(200);

    // Keystone deletes a user's credentials on a project when the user loses a role there.
    store.assignments().revoke(new Assignment(member, Actor.user(alice), Target.project(demo), false));

    assertThat(validate(otherToken).statusCode()).isEqualTo(404);
    assertThat(issue(credentialById(other.id(), "o")).statusCode()).isEqualTo(401);
  }

  @Test
  void applicationCredentialToken_cannotBeRescoped() throws Exception {
    String alice = user("alice-7");
    grant(member, alice, demo);
    ApplicationCredential credential = credential(alice, "no-rescope", null, List.of(reader), "n");
    String token = subjectToken(issue(credentialById(credential.id(), "n")));

    HttpResponse<String> rescoped = issue(tokenMethod(token, projectScope(demo)));

    assertThat(rescoped.statusCode()).isEqualTo(403);
  }

  @Test
  void credentialWithAccessRules_validatesOnlyForValidatorsThatEnforceThem() throws Exception {
    String alice = user("alice-8");
    grant(member, alice, demo);
    String rules = "[{\"id\":\"" + id() + "\",\"service\":\"compute\",\"path\":\"/v2.1/servers\",\"method\":\"GET\"}]";
    ApplicationCredential credential = store.applicationCredentials().create(new ApplicationCredential(id(), "ruled",
        alice, demo, null, null, false, List.of(member), rules), "r".toCharArray());
    String token = subjectToken(issue(credentialById(credential.id(), "r")));

    HttpResponse<String> plain = validate(token);
    HttpResponse<String> enforcing = server.send("GET", "/v3/auth/tokens", null, "X-Auth-Token", adminToken,
        "X-Subject-Token", token, "OpenStack-Identity-Access-Rules", "1.0");
    HttpResponse<String> asCaller = server.send("GET", "/v3/auth/projects", null, "X-Auth-Token", token);

    assertThat(plain.statusCode()).isEqualTo(404);
    assertThat(enforcing.statusCode()).isEqualTo(200);
    assertThat(json(enforcing).at("/token/application_credential/access_rules/0/service").asText())
        .isEqualTo("compute");
    assertThat(asCaller.statusCode()).isEqualTo(401);
  }

  @Test
  void malformedApplicationCredentialRequests_are400() throws Exception {
    HttpResponse<String> noSecret = issue("""
        {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {"id": "%s"}}}}"""
        .formatted(id()));
    HttpResponse<String> nameWithoutUser = issue("""
        {"auth": {"identity": {"methods": ["application_credential"], "application_credential": {
          "name": "x", "secret": "y"}}}}""");

    assertThat(noSecret.statusCode()).isEqualTo(400);
    assertThat(nameWithoutUser.statusCode()).isEqualTo(400);
    assertThat(json(noSecret).at("/error/code").asInt()).isEqualTo(400);
  }

  // --- trusts

  @Test
  void trustScope_withTheTrusteesPassword_carriesTheDelegatedRolesAndTheTrust() throws Exception {
    String trustor = user("trustor-1");
    String trustee = user("trustee-1");
    grant(admin, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, null, member);

    HttpResponse<String> issued = issue(trustScoped(trustee, trust.id()));

    assertThat(issued.statusCode()).isEqualTo(201);
    JsonNode token = json(issued).get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"password\"]");
    assertThat(token.at("/user/id").asText()).isEqualTo(trustee);
    assertThat(token.get("OS-TRUST:trust").toString()).isEqualTo("{\"id\":\"" + trust.id()
        + "\",\"trustor_user\":{\"id\":\"" + trustor + "\"},\"trustee_user\":{\"id\":\"" + trustee
        + "\"},\"impersonation\":false}");
    assertThat(token.at("/project/id").asText()).isEqualTo(demo);
    assertThat(token.has("is_domain")).isFalse();
    // member delegated, reader implied; admin, which the trustor also holds, is not lent.
    assertThat(roleNames(token)).containsExactly("member", "reader");
    assertThat(token.at("/roles/0/description").asText()).isEqualTo("can do things");
    assertThat(token.at("/roles/0").has("domain_id")).isTrue();
    JsonNode validated = json(validate(subjectToken(issued))).get("token");
    assertThat(validated.get("OS-TRUST:trust")).isEqualTo(token.get("OS-TRUST:trust"));
    assertThat(validated.get("roles")).isEqualTo(token.get("roles"));
  }

  @Test
  void impersonatingTrust_showsTheTrustorAsUser() throws Exception {
    String trustor = user("trustor-2");
    String trustee = user("trustee-2");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, true, null, null, reader);

    HttpResponse<String> issued = issue(trustScoped(trustee, trust.id()));

    JsonNode token = json(issued).get("token");
    assertThat(token.at("/user/id").asText()).isEqualTo(trustor);
    assertThat(token.at("/user/name").asText()).isEqualTo("trustor-2");
    assertThat(token.at("/OS-TRUST:trust/impersonation").asBoolean()).isTrue();
    assertThat(json(validate(subjectToken(issued))).at("/token/user/id").asText()).isEqualTo(trustor);
    JsonNode who = json(server.send("GET", "/whoami", null, "X-Auth-Token", subjectToken(issued)));
    assertThat(who.get("name").asText()).isEqualTo(trustor);
    assertThat(who.at("/attributes/roles").asText()).isEqualTo("reader");
    assertThat(who.at("/attributes/trust_id").asText()).isEqualTo(trust.id());
  }

  @Test
  void trustScope_bySomeoneElse_is403_andAnUnknownTrust_is404() throws Exception {
    String trustor = user("trustor-3");
    String trustee = user("trustee-3");
    String stranger = user("stranger-3");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, null, member);

    HttpResponse<String> notTrustee = issue(trustScoped(stranger, trust.id()));
    HttpResponse<String> unknown = issue(trustScoped(trustee, id()));
    HttpResponse<String> wrongPassword = issue(passwordById(trustee, "nope",
        "{\"OS-TRUST:trust\": {\"id\": \"" + trust.id() + "\"}}"));

    assertThat(notTrustee.statusCode()).isEqualTo(403);
    assertThat(json(notTrustee).at("/error/message").asText()).isEqualTo("User is not a trustee.");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(wrongPassword.statusCode()).isEqualTo(401);
  }

  @Test
  void trustorLosingADelegatedRole_endsTheTrustsTokens() throws Exception {
    String trustor = user("trustor-4");
    String trustee = user("trustee-4");
    grant(member, trustor, demo);
    grant(reader, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, null, reader);
    String token = subjectToken(issue(trustScoped(trustee, trust.id())));
    assertThat(validate(token).statusCode()).isEqualTo(200);

    // reader is still held directly; losing member (which implied it too) changes nothing.
    store.assignments().revoke(new Assignment(member, Actor.user(trustor), Target.project(demo), false));
    assertThat(validate(token).statusCode()).isEqualTo(200);
    store.assignments().revoke(new Assignment(reader, Actor.user(trustor), Target.project(demo), false));

    assertThat(validate(token).statusCode()).isEqualTo(404);
    HttpResponse<String> again = issue(trustScoped(trustee, trust.id()));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(json(again).at("/error/message").asText()).isEqualTo("Trustee has no delegated roles.");
  }

  @Test
  void deletedTrust_andDisabledTrustor_endTheTrustsTokens() throws Exception {
    String trustor = user("trustor-5");
    String trustee = user("trustee-5");
    grant(member, trustor, demo);
    Trust deleted = trust(trustor, trustee, false, null, null, member);
    Trust kept = trust(trustor, trustee, false, null, null, member);
    String deletedToken = subjectToken(issue(trustScoped(trustee, deleted.id())));
    String keptToken = subjectToken(issue(trustScoped(trustee, kept.id())));
    assertThat(validate(deletedToken).statusCode()).isEqualTo(200);

    store.trusts().delete(deleted.id(), clock.instant());

    assertThat(validate(deletedToken).statusCode()).isEqualTo(404);
    assertThat(validate(keptToken).statusCode()).isEqualTo(200);
    assertThat(issue(trustScoped(trustee, deleted.id())).statusCode()).isEqualTo(404);

    User current = store.users().get(trustor);
    store.users().update(new User(current.id(), current.name(), current.domainId(), false, null, null, null));

    assertThat(validate(keptToken).statusCode()).isEqualTo(404);
    assertThat(issue(trustScoped(trustee, kept.id())).statusCode()).isEqualTo(403);
  }

  @Test
  void expiredTrust_endsItsTokens_withoutAnyWrite() throws Exception {
    String trustor = user("trustor-6");
    String trustee = user("trustee-6");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, false, START.plus(Duration.ofMinutes(30)), null, member);
    String token = subjectToken(issue(trustScoped(trustee, trust.id())));
    assertThat(validate(token).statusCode()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(31));
    try {
      assertThat(validate(token).statusCode()).isEqualTo(404);
      assertThat(issue(trustScoped(trustee, trust.id())).statusCode()).isEqualTo(404);
    } finally {
      clock.set(START);
    }
  }

  @Test
  void limitedTrust_issuesAsManyTokensAsItHasUses() throws Exception {
    String trustor = user("trustor-7");
    String trustee = user("trustee-7");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, 2, member);

    HttpResponse<String> first = issue(trustScoped(trustee, trust.id()));
    HttpResponse<String> second = issue(trustScoped(trustee, trust.id()));
    HttpResponse<String> third = issue(trustScoped(trustee, trust.id()));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(201);
    assertThat(third.statusCode()).isEqualTo(404);
    // Keystone finds no used-up trust, not even to validate the tokens it issued.
    assertThat(validate(subjectToken(first)).statusCode()).isEqualTo(404);
  }

  @Test
  void trusteesUnscopedToken_canBeRescopedToTheTrust_butATrustTokenCannotBeRescoped() throws Exception {
    String trustor = user("trustor-8");
    String trustee = user("trustee-8");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, null, member);
    HttpResponse<String> unscoped = issue(passwordById(trustee, "trustee-8-pass", null));

    HttpResponse<String> rescoped = issue(tokenMethod(subjectToken(unscoped),
        "{\"OS-TRUST:trust\": {\"id\": \"" + trust.id() + "\"}}"));

    assertThat(rescoped.statusCode()).isEqualTo(201);
    JsonNode token = json(rescoped).get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"token\",\"password\"]");
    assertThat(token.get("expires_at")).isEqualTo(json(unscoped).at("/token/expires_at"));
    assertThat(token.at("/OS-TRUST:trust/id").asText()).isEqualTo(trust.id());
    HttpResponse<String> again = issue(tokenMethod(subjectToken(rescoped), projectScope(demo)));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(json(again).at("/error/message").asText()).contains("Using trust-scoped token to create another token");
  }

  @Test
  void revocationEventForTheTrustor_revokesTheTrustsTokens() throws Exception {
    String trustor = user("trustor-9");
    String trustee = user("trustee-9");
    grant(member, trustor, demo);
    Trust trust = trust(trustor, trustee, false, null, null, member);
    String token = subjectToken(issue(trustScoped(trustee, trust.id())));

    server.revocations.record(RevocationEvent.builder(clock.instant()).userId(trustor).build());

    assertThat(validate(token).statusCode()).isEqualTo(404);
  }

  @Test
  void trustScopeWithoutId_is400() throws Exception {
    String trustee = user("trustee-10");

    HttpResponse<String> response = issue(passwordById(trustee, "trustee-10-pass", "{\"OS-TRUST:trust\": {}}"));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  // --- helpers

  private static String id() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private String user(String name) {
    return store.users().create(new User(id(), name, "default", true, null, null, null),
        (name + "-pass").toCharArray()).id();
  }

  private void grant(String roleId, String userId, String projectId) {
    store.assignments().grant(new Assignment(roleId, Actor.user(userId), Target.project(projectId), false));
  }

  private ApplicationCredential credential(String userId, String name, Instant expiresAt, List<String> roleIds,
      String secret) {
    return store.applicationCredentials().create(new ApplicationCredential(id(), name, userId, demo, null, expiresAt,
        false, roleIds, null), secret.toCharArray());
  }

  private Trust trust(String trustor, String trustee, boolean impersonation, Instant expiresAt, Integer uses,
      String roleId) {
    return store.trusts().create(new Trust(id(), trustor, trustee, demo, impersonation, expiresAt, uses, null, null,
        List.of(roleId), null));
  }

  private static String credentialById(String id, String secret) {
    return """
        {"auth": {"identity": {"methods": ["application_credential"],
          "application_credential": {"id": "%s", "secret": "%s"}}}}""".formatted(id, secret);
  }

  private String trustScoped(String trustee, String trustId) {
    return passwordById(trustee, store.users().get(trustee).name() + "-pass",
        "{\"OS-TRUST:trust\": {\"id\": \"" + trustId + "\"}}");
  }

  private static String tokenMethod(String token, String scope) {
    return """
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}}, "scope": %s}}""".formatted(token, scope);
  }

  private HttpResponse<String> issue(String body) throws Exception {
    return server.send("POST", "/v3/auth/tokens", body);
  }

  private HttpResponse<String> validate(String subject) throws Exception {
    return server.send("GET", "/v3/auth/tokens", null, "X-Auth-Token", adminToken, "X-Subject-Token", subject);
  }
}
