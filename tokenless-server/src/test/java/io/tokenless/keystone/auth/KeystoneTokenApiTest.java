package io.tokenless.keystone.auth;

import static io.tokenless.keystone.auth.TokenApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The token API over HTTP, as the {@code openstack} CLI and keystonemiddleware use it. */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeystoneTokenApiTest {

  static final Instant START = Instant.parse("2026-11-23T22:00:00.250Z");

  final MutableClock clock = new MutableClock(START);
  TokenApiServer server;
  RoleStore store;
  String adminRole;
  String memberRole;
  String readerRole;
  String demo;
  String ops;
  String corp;
  String alice;
  String bob;
  String admin;
  String dave;
  String adminToken;

  @BeforeAll
  void start(TestDatabase database, @TempDir Path keys) throws Exception {
    server = new TokenApiServer(database, keys, clock, Duration.ofHours(1), 0, true);
    store = server.store;
    store.domains().create(new Domain("default", "Default", "", true));
    corp = store.domains().create(new Domain(id(), "corp", "", true)).id();
    demo = store.projects().create(new Project(id(), "demo", "default", null, "", true)).id();
    ops = store.projects().create(new Project(id(), "ops", corp, null, "", true)).id();
    adminRole = store.roles().create(new Role(id(), "admin", null, null)).id();
    memberRole = store.roles().create(new Role(id(), "member", null, null)).id();
    readerRole = store.roles().create(new Role(id(), "reader", null, null)).id();
    store.roles().addImplied(adminRole, memberRole);
    store.roles().addImplied(memberRole, readerRole);
    alice = user("alice", "default", "alice-pass");
    bob = user("bob", corp, "bob-pass");
    admin = user("admin", "default", "admin-pass");
    dave = user("dave", "default", "dave-pass");
    grant(memberRole, alice, Target.project(demo));
    grant(adminRole, bob, new Target(Target.Type.DOMAIN, corp));
    grant(memberRole, bob, Target.project(ops));
    grant(adminRole, admin, Target.project(demo));
    grant(adminRole, admin, new Target(Target.Type.SYSTEM, "all"));
    grant(memberRole, dave, Target.project(demo));
    adminToken = issue(passwordById(admin, "admin-pass", projectScope(demo))).headers()
        .firstValue("X-Subject-Token").orElseThrow();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // --- issue

  @Test
  void passwordById_projectScope_isIssuedWithSubjectTokenAndKeystonesBody() throws Exception {
    HttpResponse<String> response = issue(passwordById(alice, "alice-pass", projectScope(demo)));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("X-Subject-Token")).hasValueSatisfying(
        t -> assertThat(t).startsWith("gAAAAA").doesNotEndWith("="));
    JsonNode token = json(response).get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"password\"]");
    assertThat(token.at("/user/id").asText()).isEqualTo(alice);
    assertThat(token.at("/user/name").asText()).isEqualTo("alice");
    assertThat(token.at("/user/domain/id").asText()).isEqualTo("default");
    assertThat(token.at("/user/domain/name").asText()).isEqualTo("Default");
    assertThat(token.at("/user/password_expires_at").isNull()).isTrue();
    assertThat(token.at("/project/id").asText()).isEqualTo(demo);
    assertThat(token.at("/project/name").asText()).isEqualTo("demo");
    assertThat(token.at("/project/domain/name").asText()).isEqualTo("Default");
    assertThat(token.get("is_domain").asBoolean(true)).isFalse();
    assertThat(roleNames(token)).containsExactlyInAnyOrder("member", "reader");
    assertThat(token.get("audit_ids")).hasSize(1);
    assertThat(token.at("/audit_ids/0").asText()).matches("[A-Za-z0-9_-]{22}");
    assertThat(token.get("issued_at").asText()).isEqualTo("2026-11-23T22:00:00.000000Z");
    assertThat(token.get("expires_at").asText()).isEqualTo("2026-11-23T23:00:00.000000Z");
    assertThat(token.at("/catalog/0/type").asText()).isEqualTo("identity");
    assertThat(token.at("/catalog/0/endpoints/0/url").asText()).isEqualTo(TokenApiServer.BASE_URL + "/v3");
  }

  @Test
  void passwordByNameAndDomainName_isAccepted() throws Exception {
    HttpResponse<String> response = issue("""
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "bob",
          "domain": {"name": "corp"}, "password": "bob-pass"}}},
          "scope": {"project": {"name": "ops", "domain": {"name": "corp"}}}}}""");

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = json(response).get("token");
    assertThat(token.at("/user/id").asText()).isEqualTo(bob);
    assertThat(token.at("/project/id").asText()).isEqualTo(ops);
    assertThat(roleNames(token)).containsExactlyInAnyOrder("member", "reader");
  }

  @Test
  void domainScope_carriesTheDomainAndItsRoles() throws Exception {
    HttpResponse<String> response = issue(passwordById(bob, "bob-pass",
        "{\"domain\": {\"name\": \"corp\"}}"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = json(response).get("token");
    assertThat(token.at("/domain/id").asText()).isEqualTo(corp);
    assertThat(token.at("/domain/name").asText()).isEqualTo("corp");
    assertThat(token.has("project")).isFalse();
    assertThat(token.has("is_domain")).isFalse();
    assertThat(roleNames(token)).containsExactlyInAnyOrder("admin", "member", "reader");
  }

  @Test
  void domainScope_onTheDefaultDomain_validates() throws Exception {
    grant(readerRole, alice, new Target(Target.Type.DOMAIN, "default"));
    String token = subjectToken(issue(passwordById(alice, "alice-pass", "{\"domain\": {\"id\": \"default\"}}")));

    HttpResponse<String> validated = validate(token, "");

    assertThat(validated.statusCode()).isEqualTo(200);
    assertThat(json(validated).at("/token/domain/id").asText()).isEqualTo("default");
  }

  @Test
  void systemScope_carriesSystemAll() throws Exception {
    HttpResponse<String> response = issue(passwordById(admin, "admin-pass", "{\"system\": {\"all\": true}}"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = json(response).get("token");
    assertThat(token.get("system").toString()).isEqualTo("{\"all\":true}");
    assertThat(roleNames(token)).containsExactlyInAnyOrder("admin", "member", "reader");
  }

  @Test
  void noScope_givesAnUnscopedTokenWithoutRolesOrCatalog() throws Exception {
    HttpResponse<String> response = issue(passwordById(alice, "alice-pass", null));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = json(response).get("token");
    assertThat(token.has("project")).isFalse();
    assertThat(token.has("roles")).isFalse();
    assertThat(token.has("catalog")).isFalse();
  }

  @Test
  void noScope_withAUsableDefaultProject_isScopedToIt_unlessUnscopedIsAsked() throws Exception {
    String hank = store.users().create(new User(id(), "hank", "default", true, demo, null, null),
        "hank-pass".toCharArray()).id();
    grant(memberRole, hank, Target.project(demo));

    HttpResponse<String> response = issue(passwordById(hank, "hank-pass", null));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).at("/token/project/id").asText()).isEqualTo(demo);
    HttpResponse<String> unscoped = issue(passwordById(hank, "hank-pass", "\"unscoped\""));
    assertThat(unscoped.statusCode()).isEqualTo(201);
    assertThat(json(unscoped).get("token").has("project")).isFalse();
  }

  @Test
  void nocatalog_leavesTheCatalogOut() throws Exception {
    HttpResponse<String> response = server.send("POST", "/v3/auth/tokens?nocatalog",
        passwordById(alice, "alice-pass", projectScope(demo)));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).get("token").has("catalog")).isFalse();
    assertThat(json(response).get("token").has("roles")).isTrue();
  }

  @Test
  void wrongPasswordAndUnknownUser_getTheSameKeystone401() throws Exception {
    HttpResponse<String> wrong = issue(passwordById(alice, "not-her-password", projectScope(demo)));
    HttpResponse<String> unknown = issue("""
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "nobody",
          "domain": {"id": "default"}, "password": "x"}}}}}""");

    for (HttpResponse<String> response : List.of(wrong, unknown)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Keystone uri=\"" + TokenApiServer.BASE_URL + "/v3\"");
      assertThat(response.headers().firstValue("X-Subject-Token")).isEmpty();
    }
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(json(wrong).at("/error/code").asInt()).isEqualTo(401);
    assertThat(json(wrong).at("/error/title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void disabledUser_is401() throws Exception {
    String carol = user("carol", "default", "carol-pass");
    grant(memberRole, carol, Target.project(demo));
    User current = store.users().get(carol);
    store.users().update(new User(carol, "carol", "default", false, null, null, null));

    HttpResponse<String> response = issue(passwordById(carol, "carol-pass", projectScope(demo)));

    assertThat(current.enabled()).isTrue();
    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void projectWithoutRolesForTheUser_is401() throws Exception {
    HttpResponse<String> response = issue(passwordById(alice, "alice-pass", projectScope(ops)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).at("/error/code").asInt()).isEqualTo(401);
  }

  @Test
  void malformedBody_is400InKeystonesErrorFormat() throws Exception {
    HttpResponse<String> response = issue("{\"auth\": {}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).at("/error/code").asInt()).isEqualTo(400);
  }

  // --- validate, check, revoke

  @Test
  void validation_returnsTheBodyOfTheIssue() throws Exception {
    HttpResponse<String> issued = issue(passwordById(alice, "alice-pass", projectScope(demo)));

    HttpResponse<String> validated = validate(subjectToken(issued), "");

    assertThat(validated.statusCode()).isEqualTo(200);
    assertThat(validated.headers().firstValue("X-Subject-Token")).hasValue(subjectToken(issued));
    assertThat(json(validated)).isEqualTo(json(issued));
  }

  @Test
  void head_answers200WithoutBody() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));

    HttpResponse<String> response = server.send("HEAD", "/v3/auth/tokens", null,
        "X-Auth-Token", adminToken, "X-Subject-Token", token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void deletedToken_is204ThenNotFound() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));

    HttpResponse<String> deleted = server.send("DELETE", "/v3/auth/tokens", null,
        "X-Auth-Token", adminToken, "X-Subject-Token", token);
    HttpResponse<String> validated = validate(token, "");
    HttpResponse<String> checked = server.send("HEAD", "/v3/auth/tokens", null,
        "X-Auth-Token", adminToken, "X-Subject-Token", token);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(validated.statusCode()).isEqualTo(404);
    assertThat(json(validated).at("/error/message").asText()).isEqualTo("Failed to validate token");
    assertThat(checked.statusCode()).isEqualTo(404);
  }

  @Test
  void garbageFlippedAndForeignSubjectTokens_are404() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));
    char[] flipped = token.toCharArray();
    flipped[60] = flipped[60] == 'A' ? 'B' : 'A';
    List<String> bad = List.of("garbage", new String(flipped), token.substring(0, token.length() - 4),
        "gAAAAABrA1-DydF2yJVd2iRk_0LSzi9bG2HaF4JTjt5m4c3QHpkmyd2hYYThdVR3-nbuhFeqj_WvfEapqxTsIVB0Cez"
            + "cjHuA2cB9XQvz2v8J-fz3nYQ8FYlyHVb7FDlJsYc_8AdmYwI10F_56AdQKlgQ5FOXgbEmy6_InbESIescM8TeUU22GGs");

    for (String subject : bad) {
      HttpResponse<String> response = validate(subject, "");
      assertThat(response.statusCode()).as(subject).isEqualTo(404);
      assertThat(json(response).at("/error/message").asText()).isEqualTo("Could not recognize Fernet token");
    }
  }

  @Test
  void missingOrBadAuthToken_is401WithTheKeystoneChallenge() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));

    HttpResponse<String> missing = server.send("GET", "/v3/auth/tokens", null, "X-Subject-Token", token);
    HttpResponse<String> bad = server.send("GET", "/v3/auth/tokens", null,
        "X-Auth-Token", "not-a-token", "X-Subject-Token", token);

    for (HttpResponse<String> response : List.of(missing, bad)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValue("Keystone uri=\"http://identity.test:5000/v3\"");
      assertThat(json(response).at("/error/title").asText()).isEqualTo("Unauthorized");
    }
  }

  @Test
  void ordinaryUser_mayValidateOwnTokenButNotAnothers() throws Exception {
    String aliceToken = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));
    String daveToken = subjectToken(issue(passwordById(dave, "dave-pass", projectScope(demo))));

    HttpResponse<String> own = server.send("GET", "/v3/auth/tokens", null,
        "X-Auth-Token", aliceToken, "X-Subject-Token", aliceToken);
    HttpResponse<String> other = server.send("GET", "/v3/auth/tokens", null,
        "X-Auth-Token", aliceToken, "X-Subject-Token", daveToken);

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(json(other).at("/error/code").asInt()).isEqualTo(403);
  }

  // --- re-scope

  @Test
  void tokenMethod_rescopesKeepingExpiryAndAuditChain() throws Exception {
    HttpResponse<String> unscoped = issue(passwordById(alice, "alice-pass", null));
    clock.advance(Duration.ofSeconds(5));
    try {
      HttpResponse<String> rescoped = issue("""
          {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
            "scope": {"project": {"id": "%s"}}}}""".formatted(subjectToken(unscoped), demo));

      assertThat(rescoped.statusCode()).isEqualTo(201);
      JsonNode parent = json(unscoped).get("token");
      JsonNode child = json(rescoped).get("token");
      assertThat(child.get("methods").toString()).isEqualTo("[\"token\",\"password\"]");
      assertThat(child.get("audit_ids")).hasSize(2);
      assertThat(child.at("/audit_ids/1").asText()).isEqualTo(parent.at("/audit_ids/0").asText());
      assertThat(child.at("/audit_ids/0").asText()).isNotEqualTo(parent.at("/audit_ids/0").asText());
      assertThat(child.get("expires_at")).isEqualTo(parent.get("expires_at"));
      assertThat(child.at("/project/id").asText()).isEqualTo(demo);
      assertThat(json(validate(subjectToken(rescoped), "")).get("token")).isEqualTo(child);
    } finally {
      clock.set(START);
    }
  }

  @Test
  void tokenMethod_withARevokedToken_is401() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", null)));
    server.send("DELETE", "/v3/auth/tokens", null, "X-Auth-Token", adminToken, "X-Subject-Token", token);

    HttpResponse<String> rescoped = issue("""
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
          "scope": {"project": {"id": "%s"}}}}""".formatted(token, demo));

    assertThat(rescoped.statusCode()).isEqualTo(401);
  }

  // --- bridging

  @Test
  void kerberosMethod_withoutAKerberosIdentity_is401() throws Exception {
    HttpResponse<String> response = issue("""
        {"auth": {"identity": {"methods": ["kerberos"]}, "scope": {"project": {"id": "%s"}}}}""".formatted(demo));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void kerberosMethod_issuesATokenForTheMappedUser() throws Exception {
    HttpResponse<String> response = server.send("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["kerberos"]}, "scope": {"project": {"id": "%s"}}}}""".formatted(demo),
        "X-Test-Kerberos-User", alice);

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = json(response).get("token");
    assertThat(token.get("methods").toString()).isEqualTo("[\"kerberos\"]");
    assertThat(token.at("/user/id").asText()).isEqualTo(alice);
    assertThat(json(validate(subjectToken(response), "")).get("token")).isEqualTo(token);
  }

  @Test
  void x509Method_withOnlyAKerberosIdentity_is401() throws Exception {
    HttpResponse<String> response = server.send("POST", "/v3/auth/tokens", """
        {"auth": {"identity": {"methods": ["x509"]}, "scope": {"project": {"id": "%s"}}}}""".formatted(demo),
        "X-Test-Kerberos-User", alice);

    assertThat(response.statusCode()).isEqualTo(401);
  }

  // --- state changes seen by validation

  @Test
  void removedRole_changesTheValidatedBody_andLosingAllRolesMakesItNotFound() throws Exception {
    String erin = user("erin", "default", "erin-pass");
    grant(adminRole, erin, Target.project(demo));
    grant(readerRole, erin, Target.project(demo));
    String token = subjectToken(issue(passwordById(erin, "erin-pass", projectScope(demo))));

    store.assignments().revoke(new Assignment(adminRole, Actor.user(erin), Target.project(demo), false));
    HttpResponse<String> reduced = validate(token, "");
    store.assignments().revoke(new Assignment(readerRole, Actor.user(erin), Target.project(demo), false));
    HttpResponse<String> none = validate(token, "");

    assertThat(reduced.statusCode()).isEqualTo(200);
    assertThat(roleNames(json(reduced).get("token"))).containsExactly("reader");
    assertThat(none.statusCode()).isEqualTo(404);
  }

  @Test
  void passwordChange_revokesTokensOfThatSecond_butNotOfTheNext() throws Exception {
    String frank = user("frank", "default", "frank-pass");
    grant(memberRole, frank, Target.project(demo));
    clock.set(Instant.parse("2026-11-23T22:10:00.100Z"));
    try {
      String before = subjectToken(issue(passwordById(frank, "frank-pass", projectScope(demo))));
      clock.set(Instant.parse("2026-11-23T22:10:00.900Z"));
      String sameSecond = subjectToken(issue(passwordById(frank, "frank-pass", projectScope(demo))));
      store.users().setPassword(frank, "frank-new".toCharArray());
      server.revocations.revokeUser(frank);
      clock.set(Instant.parse("2026-11-23T22:10:01.000Z"));
      String nextSecond = subjectToken(issue(passwordById(frank, "frank-new", projectScope(demo))));

      assertThat(validate(before, "").statusCode()).isEqualTo(404);
      assertThat(validate(sameSecond, "").statusCode()).isEqualTo(404);
      assertThat(validate(nextSecond, "").statusCode()).isEqualTo(200);
    } finally {
      clock.set(START);
    }
  }

  @Test
  void disablingTheUser_makesItsTokensNotFound() throws Exception {
    String gina = user("gina", "default", "gina-pass");
    grant(memberRole, gina, Target.project(demo));
    String token = subjectToken(issue(passwordById(gina, "gina-pass", projectScope(demo))));

    store.users().update(new User(gina, "gina", "default", false, null, null, null));

    assertThat(validate(token, "").statusCode()).isEqualTo(404);
  }

  @Test
  void disablingTheProject_makesItsTokensNotFound_andRefusesNewOnes() throws Exception {
    String lab = store.projects().create(new Project(id(), "lab", "default", null, "", true)).id();
    grant(memberRole, alice, Target.project(lab));
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(lab))));

    store.projects().update(new Project(lab, "lab", "default", null, "", false));

    assertThat(validate(token, "").statusCode()).isEqualTo(404);
    assertThat(issue(passwordById(alice, "alice-pass", projectScope(lab))).statusCode()).isEqualTo(401);
  }

  @Test
  void expiredToken_isNotFound_unlessAllowExpired() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));
    String auth;
    clock.advance(Duration.ofMinutes(61));
    try {
      auth = subjectToken(issue(passwordById(admin, "admin-pass", projectScope(demo))));

      HttpResponse<String> expired = validate(token, "", auth);
      HttpResponse<String> allowed = validate(token, "?allow_expired=1", auth);

      assertThat(expired.statusCode()).isEqualTo(404);
      assertThat(json(expired).at("/error/message").asText()).isEqualTo("Failed to validate token");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(json(allowed).at("/token/expires_at").asText()).isEqualTo("2026-11-23T23:00:00.000000Z");
    } finally {
      clock.set(START);
    }
  }

  // --- what the caller can scope to

  @Test
  void authProjectsDomainsAndSystem_listWhatTheCallerHasRolesOn() throws Exception {
    String bobToken = subjectToken(issue(passwordById(bob, "bob-pass", projectScope(ops))));

    JsonNode projects = json(server.send("GET", "/v3/auth/projects", null, "X-Auth-Token", bobToken));
    JsonNode domains = json(server.send("GET", "/v3/auth/domains", null, "X-Auth-Token", bobToken));
    JsonNode bobSystem = json(server.send("GET", "/v3/auth/system", null, "X-Auth-Token", bobToken));
    JsonNode adminSystem = json(server.send("GET", "/v3/auth/system", null, "X-Auth-Token", adminToken));
    JsonNode catalog = json(server.send("GET", "/v3/auth/catalog", null, "X-Auth-Token", bobToken));

    assertThat(projects.at("/projects/0/id").asText()).isEqualTo(ops);
    assertThat(projects.get("projects")).hasSize(1);
    assertThat(domains.at("/domains/0/id").asText()).isEqualTo(corp);
    assertThat(bobSystem.get("system")).isEmpty();
    assertThat(adminSystem.get("system").toString()).isEqualTo("[{\"all\":true}]");
    assertThat(catalog.at("/catalog/0/type").asText()).isEqualTo("identity");
  }

  @Test
  void authProjectsDomainsCatalogAndSystem_answerHead() throws Exception {
    String bobToken = subjectToken(issue(passwordById(bob, "bob-pass", projectScope(ops))));

    for (String path : List.of("/v3/auth/projects", "/v3/auth/domains", "/v3/auth/catalog", "/v3/auth/system")) {
      HttpResponse<String> head = server.send("HEAD", path, null, "X-Auth-Token", bobToken);
      HttpResponse<String> anonymous = server.send("HEAD", path, null);

      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.body()).as("HEAD " + path).isEmpty();
      assertThat(anonymous.statusCode()).as("HEAD " + path + " without a token").isEqualTo(401);
    }
  }

  @Test
  void authCatalog_withAnUnscopedToken_is403() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", null)));

    HttpResponse<String> response = server.send("GET", "/v3/auth/catalog", null, "X-Auth-Token", token);

    assertThat(response.statusCode()).isEqualTo(403);
  }

  // --- the X-Auth-Token mechanism

  @Test
  void tokenMechanism_authenticatesWithScopeRolesAndAuditIds() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));
    String auditId = json(validate(token, "")).at("/token/audit_ids/0").asText();

    JsonNode who = json(server.send("GET", "/whoami", null, "X-Auth-Token", token));

    assertThat(who.get("outcome").asText()).isEqualTo("Authenticated");
    assertThat(who.get("mechanism").asText()).isEqualTo("token");
    assertThat(who.get("name").asText()).isEqualTo(alice);
    JsonNode attributes = who.get("attributes");
    assertThat(attributes.get("user_id").asText()).isEqualTo(alice);
    assertThat(attributes.get("scope").asText()).isEqualTo("project");
    assertThat(attributes.get("project_id").asText()).isEqualTo(demo);
    assertThat(attributes.get("roles").asText()).isEqualTo("member,reader");
    assertThat(attributes.get("audit_id").asText()).isEqualTo(auditId);
    assertThat(attributes.get("methods").asText()).isEqualTo("password");
    assertThat(attributes.get("expires_at").asText()).isEqualTo("2026-11-23T23:00:00.000000Z");
    assertThat(who.get("challenge").asText()).isEqualTo("Keystone uri=\"http://identity.test:5000/v3\"");
  }

  @Test
  void tokenMechanism_isNotAttemptedWithoutHeader_andFailsOnARevokedToken() throws Exception {
    String token = subjectToken(issue(passwordById(alice, "alice-pass", projectScope(demo))));
    server.send("DELETE", "/v3/auth/tokens", null, "X-Auth-Token", adminToken, "X-Subject-Token", token);

    JsonNode none = json(server.send("GET", "/whoami", null));
    JsonNode revoked = json(server.send("GET", "/whoami", null, "X-Auth-Token", token));

    assertThat(none.get("outcome").asText()).isEqualTo("NotAttempted");
    assertThat(revoked.get("outcome").asText()).isEqualTo("Failed");
    assertThat(revoked.get("message").asText()).isEqualTo("The request you have made requires authentication.");
  }

  // --- fidelity with Keystone's recorded bodies

  @Test
  void bodies_haveTheShapeOfKeystonesRecordedBodies_forEveryScope() throws Exception {
    grant(readerRole, alice, new Target(Target.Type.DOMAIN, "default"));
    String unscoped = subjectToken(issue(passwordById(alice, "alice-pass", null)));
    java.util.Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("03-alice_project_demo.json", passwordById(alice, "alice-pass", projectScope(demo)));
    cases.put("02-alice_unscoped.json", passwordById(alice, "alice-pass", null));
    cases.put("06-bob_domain_corp.json", passwordById(bob, "bob-pass", "{\"domain\": {\"id\": \"" + corp + "\"}}"));
    cases.put("07-admin_system_all.json", passwordById(admin, "admin-pass", "{\"system\": {\"all\": true}}"));
    cases.put("04-alice_project_demo_rescoped.json", """
        {"auth": {"identity": {"methods": ["token"], "token": {"id": "%s"}},
          "scope": {"project": {"id": "%s"}}}}""".formatted(unscoped, demo));

    List<String> mismatches = new ArrayList<>();
    for (var entry : cases.entrySet()) {
      JsonNode recorded = io.tokenless.web.Json.MAPPER.readTree(
          io.tokenless.fernet.KeystoneVectors.directory().resolve("tokens").resolve(entry.getKey()).toFile());
      HttpResponse<String> issued = issue(entry.getValue());
      HttpResponse<String> validated = validate(subjectToken(issued), "");
      compare(entry.getKey() + " issue", recorded.at("/issue/body"), json(issued), mismatches);
      compare(entry.getKey() + " validate", recorded.at("/validate_at_issue/body"), json(validated), mismatches);
      if (!recorded.at("/issue/headers/Vary").asText().equals(issued.headers().firstValue("Vary").orElse(""))) {
        mismatches.add(entry.getKey() + ": Vary header " + issued.headers().firstValue("Vary"));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /** Same field names in the same places with the same JSON types (values differ: other ids). */
  private static void compare(String where, JsonNode expected, JsonNode actual, List<String> mismatches) {
    if (expected.getNodeType() != actual.getNodeType()) {
      mismatches.add(where + ": " + expected.getNodeType() + " expected, got " + actual.getNodeType());
      return;
    }
    if (expected.isObject()) {
      java.util.Set<String> expectedNames = new java.util.TreeSet<>();
      expected.fieldNames().forEachRemaining(expectedNames::add);
      java.util.Set<String> actualNames = new java.util.TreeSet<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      if (!expectedNames.equals(actualNames)) {
        mismatches.add(where + ": fields " + expectedNames + " expected, got " + actualNames);
      }
      for (String name : expectedNames) {
        if (actual.has(name)) {
          compare(where + "/" + name, expected.get(name), actual.get(name), mismatches);
        }
      }
    } else if (expected.isArray() && expected.size() > 0 && actual.size() > 0) {
      compare(where + "/0", expected.get(0), actual.get(0), mismatches);
      if (where.endsWith("/methods") || where.endsWith("/system")) {
        if (!expected.equals(actual)) {
          mismatches.add(where + ": " + expected + " expected, got " + actual);
        }
      }
    } else if (expected.isTextual() && (where.endsWith("_at")) && !actual.asText().matches(
        "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000000Z")) {
      mismatches.add(where + ": time " + actual.asText() + " not in Keystone's format");
    }
  }

  // --- helpers

  private static String id() {
    return java.util.UUID.randomUUID().toString().replace("-", "");
  }

  private String user(String name, String domainId, String password) {
    return store.users().create(new User(id(), name, domainId, true, null, null, null), password.toCharArray()).id();
  }

  private void grant(String roleId, String userId, Target target) {
    store.assignments().grant(new Assignment(roleId, Actor.user(userId), target, false));
  }

  static String passwordById(String userId, String password, String scope) {
    return """
        {"auth": {"identity": {"methods": ["password"], "password": {"user": {"id": "%s", "password": "%s"}}}%s}}"""
        .formatted(userId, password, scope == null ? "" : ", \"scope\": " + scope);
  }

  static String projectScope(String projectId) {
    return "{\"project\": {\"id\": \"" + projectId + "\"}}";
  }

  private HttpResponse<String> issue(String body) throws Exception {
    return server.send("POST", "/v3/auth/tokens", body);
  }

  private HttpResponse<String> validate(String subject, String query) throws Exception {
    return validate(subject, query, adminToken);
  }

  private HttpResponse<String> validate(String subject, String query, String auth) throws Exception {
    return server.send("GET", "/v3/auth/tokens" + query, null, "X-Auth-Token", auth, "X-Subject-Token", subject);
  }

  static String subjectToken(HttpResponse<String> response) {
    return response.headers().firstValue("X-Subject-Token")
        .orElseThrow(() -> new AssertionError("no X-Subject-Token: " + response.statusCode() + " " + response.body()));
  }

  static List<String> roleNames(JsonNode token) {
    List<String> names = new ArrayList<>();
    token.get("roles").forEach(r -> names.add(r.get("name").asText()));
    return names;
  }
}
