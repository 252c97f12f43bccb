package io.tokenless.roles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ConflictException;
import io.tokenless.error.ForbiddenException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@ExtendWith(PostgresExtension.class)
class RoleStoreTest {
  private static Fixture f;
  private static RoleStore store;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
    store = f.store;
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void domain_createdWithExplicitDefaultId_isFoundByIdAndName() {
    store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "the default domain", true));

    assertThat(store.domains().get("default").name()).isEqualTo("Default");
    assertThat(store.domains().findByName("Default")).map(Domain::id).contains("default");
    assertThat(store.domains().list("Default", null)).extracting(Domain::id).containsExactly("default");
  }

  @Test
  void domain_withDuplicateName_isConflict() {
    f.domain("dup-domain");

    assertThatThrownBy(() -> f.domain("dup-domain")).isInstanceOf(ConflictException.class)
        .hasMessageContaining("domain with this name");
  }

  @Test
  void names_emptyOrPastKeystoneLimits_areBadRequests() {
    assertThatThrownBy(() -> new Domain(Ids.random(), " ", null, true)).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> new Project(Ids.random(), "p".repeat(65), "default", null, null, true))
        .isInstanceOf(BadRequestException.class);
    assertThat(new User(Ids.random(), "u".repeat(255), "default", true, null, null, null).name()).hasSize(255);
    assertThatThrownBy(() -> new Group(Ids.random(), "g".repeat(256), "default", null))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void domain_updated_showsNewNameAndState() {
    Domain d = f.domain("before-rename");

    store.domains().update(new Domain(d.id(), "after-rename", "now described", false));

    Domain read = store.domains().get(d.id());
    assertThat(read.name()).isEqualTo("after-rename");
    assertThat(read.description()).isEqualTo("now described");
    assertThat(read.enabled()).isFalse();
  }

  @Test
  void enabledDomain_cannotBeDeleted() {
    Domain d = f.domain("enabled-domain");

    assertThatThrownBy(() -> store.domains().delete(d.id())).isInstanceOf(ForbiddenException.class);
    assertThat(store.domains().find(d.id())).isPresent();
  }

  @Test
  void disabledDomain_deleted_takesItsProjectsUsersGroupsAndAssignments() {
    Domain d = f.domain("doomed");
    Domain other = f.domain("survivor");
    Project parent = f.project(d, "parent");
    Project child = f.child(parent, "child");
    User u = f.user(d, "doomed-user");
    User outsider = f.user(other, "outsider");
    Group g = f.group(d, "doomed-group");
    Role r = f.role("doomed-role");
    store.groups().addMember(g.id(), outsider.id());
    store.assignments().grant(new Assignment(r.id(), Actor.user(outsider.id()), Target.project(child.id()), false));
    store.assignments().grant(new Assignment(r.id(), Actor.user(u.id()), Target.domain(other.id()), false));
    store.domains().update(new Domain(d.id(), d.name(), null, false));

    store.domains().delete(d.id());

    assertThat(store.domains().find(d.id())).isEmpty();
    assertThat(store.projects().find(child.id())).isEmpty();
    assertThat(store.users().find(u.id())).isEmpty();
    assertThat(store.groups().find(g.id())).isEmpty();
    assertThat(store.assignments().list(AssignmentFilter.all().withRole(r.id()))).isEmpty();
    assertThat(store.users().find(outsider.id())).isPresent();
  }

  @Test
  void project_withSameNameInDomain_isConflict_butAnotherDomainMayReuseIt() {
    Domain a = f.domain("names-a");
    Domain b = f.domain("names-b");
    f.project(a, "shared-name");

    assertThatThrownBy(() -> f.project(a, "shared-name")).isInstanceOf(ConflictException.class);
    assertThat(f.project(b, "shared-name").domainId()).isEqualTo(b.id());
  }

  @Test
  void project_withParentInAnotherDomain_isBadRequest() {
    Domain a = f.domain("tree-a");
    Domain b = f.domain("tree-b");
    Project parent = f.project(a, "root");

    assertThatThrownBy(() -> store.projects().create(new Project(Ids.random(), "x", b.id(), parent.id(), null, true)))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void project_inUnknownDomain_isNotFound() {
    assertThatThrownBy(() -> store.projects().create(new Project(Ids.random(), "x", Ids.random(), null, null, true)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void project_hierarchy_listsAncestorsAndSubtree() {
    Domain d = f.domain("hierarchy");
    Project top = f.project(d, "top");
    Project mid = f.child(top, "mid");
    Project leaf = f.child(mid, "leaf");

    assertThat(store.projects().ancestors(leaf.id())).extracting(Project::id).containsExactly(mid.id(), top.id());
    assertThat(store.projects().subtree(top.id())).extracting(Project::id).containsExactly(mid.id(), leaf.id());
    assertThat(store.projects().list(d.id(), null, top.id(), null)).extracting(Project::id).containsExactly(mid.id());
  }

  @Test
  void project_withEnabledChildren_cannotBeDisabledNorDeleted() {
    Domain d = f.domain("parents");
    Project top = f.project(d, "top");
    Project child = f.child(top, "child");

    assertThatThrownBy(() -> store.projects().update(new Project(top.id(), "top", d.id(), null, null, false)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> store.projects().delete(top.id())).isInstanceOf(ForbiddenException.class);

    store.projects().update(new Project(child.id(), "child", d.id(), top.id(), null, false));
    store.projects().update(new Project(top.id(), "top", d.id(), null, null, false));
    assertThatThrownBy(() -> store.projects().update(new Project(child.id(), "child", d.id(), top.id(), null, true)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> f.child(child, "under-disabled")).isInstanceOf(BadRequestException.class);
  }

  @Test
  void project_movedToAnotherParent_isForbidden() {
    Domain d = f.domain("moves");
    Project a = f.project(d, "a");
    Project b = f.project(d, "b");

    assertThatThrownBy(() -> store.projects().update(new Project(b.id(), "b", d.id(), a.id(), null, true)))
        .isInstanceOf(ForbiddenException.class);
  }

  @Test
  void deletedProject_losesItsAssignments() {
    Domain d = f.domain("project-delete");
    Project p = f.project(d, "p");
    User u = f.user(d, "u");
    Role r = f.role("project-delete-role");
    Assignment a = new Assignment(r.id(), Actor.user(u.id()), Target.project(p.id()), false);
    store.assignments().grant(a);

    store.projects().delete(p.id());

    assertThat(store.assignments().check(a)).isFalse();
  }

  @Test
  void password_set_verifiesOnlyTheRightPassword() {
    Domain d = f.domain("passwords");
    User u = f.user(d, "pw-user");

    store.users().setPassword(u.id(), "correct horse".toCharArray());

    assertThat(store.users().verifyPassword(u.id(), "correct horse".toCharArray())).isTrue();
    assertThat(store.users().verifyPassword(u.id(), "wrong horse".toCharArray())).isFalse();
    assertThat(store.users().verifyPassword(Ids.random(), "correct horse".toCharArray())).isFalse();
    assertThat(store.users().verifyPassword("not an id!", "correct horse".toCharArray())).isFalse();
  }

  @Test
  void userWithoutPassword_neverVerifies() {
    Domain d = f.domain("no-passwords");
    User u = f.user(d, "kerberos-only");

    assertThat(store.users().verifyPassword(u.id(), "".toCharArray())).isFalse();
  }

  @Test
  void keystoneBcryptHash_importedAsIs_verifies() {
    Domain d = f.domain("imported");
    // The admin user of a real Keystone 22 deployment (shared/vectors/keystone-fernet/fixture.json).
    User admin = store.users().createWithHash(new User("3f1c2e8a9b7d4c6e8f0a1b2c3d4e5f60", "admin", d.id(), true,
        null, null, null), "$2b$12$QezcNz502D7PH/kSAVi8p.jUfC6EdoS3PgInS9NGsoIDOhIUpYcM.");

    assertThat(store.users().verifyPassword(admin.id(), "admin-pass".toCharArray())).isTrue();
    assertThat(store.users().verifyPassword(admin.id(), "admin-pass ".toCharArray())).isFalse();
  }

  @Test
  void newHashes_areKeystoneStyleBcrypt() {
    PasswordHasher hasher = new PasswordHasher(4);

    String hash = hasher.hash("s3cret".toCharArray());

    assertThat(hash).startsWith("$2b$04$").hasSize(60);
    assertThat(hasher.verify("s3cret".toCharArray(), hash)).isTrue();
  }

  @Test
  void user_withExtras_keepsThemAsJson() {
    Domain d = f.domain("extras");

    User u = store.users().create(new User(Ids.random(), "extra-user", d.id(), true, null, "desc",
        "{\"email\": \"a@example.com\"}"), null);

    assertThat(store.users().get(u.id()).extraJson()).isEqualTo("{\"email\": \"a@example.com\"}");
    assertThat(store.users().list(d.id(), "extra-user", true)).extracting(User::id).containsExactly(u.id());
  }

  @Test
  void principal_bound_findsItsUser_andCannotBeBoundTwice() {
    Domain d = f.domain("principals");
    User alice = f.user(d, "alice");
    User bob = f.user(d, "bob");

    store.users().bindPrincipal(alice.id(), Principal.kerberos("alice@EXAMPLE.COM"));

    assertThat(store.users().findUserByPrincipal(PrincipalKind.KERBEROS, "alice@EXAMPLE.COM"))
        .map(User::id).contains(alice.id());
    assertThat(store.users().findUserByPrincipal(PrincipalKind.X509, "alice@EXAMPLE.COM")).isEmpty();
    assertThatThrownBy(() -> store.users().bindPrincipal(bob.id(), Principal.kerberos("alice@EXAMPLE.COM")))
        .isInstanceOf(ConflictException.class);

    store.users().unbindPrincipal(alice.id(), Principal.kerberos("alice@EXAMPLE.COM"));
    assertThat(store.users().findUserByPrincipal(PrincipalKind.KERBEROS, "alice@EXAMPLE.COM")).isEmpty();
  }

  @Test
  void groupMembership_addedCheckedRemoved() {
    Domain d = f.domain("membership");
    User u = f.user(d, "member");
    Group g = f.group(d, "team");

    store.groups().addMember(g.id(), u.id());
    store.groups().addMember(g.id(), u.id());

    assertThat(store.groups().isMember(g.id(), u.id())).isTrue();
    assertThat(store.groups().members(g.id())).extracting(User::id).containsExactly(u.id());
    assertThat(store.groups().groupsOf(u.id())).extracting(Group::id).containsExactly(g.id());
    store.groups().removeMember(g.id(), u.id());
    assertThat(store.groups().isMember(g.id(), u.id())).isFalse();
    assertThatThrownBy(() -> store.groups().removeMember(g.id(), u.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deletedUser_losesMembershipsAndAssignments() {
    Domain d = f.domain("user-delete");
    User u = f.user(d, "leaver");
    Group g = f.group(d, "left-team");
    Role r = f.role("leaver-role");
    store.groups().addMember(g.id(), u.id());
    store.assignments().grant(new Assignment(r.id(), Actor.user(u.id()), Target.domain(d.id()), false));

    store.users().delete(u.id());

    assertThat(store.groups().members(g.id())).isEmpty();
    assertThat(store.assignments().list(AssignmentFilter.all().withUser(u.id()))).isEmpty();
  }

  @Test
  void roles_globalNamesUnique_domainRolesMayRepeatThem() {
    Domain d = f.domain("role-names");
    f.role("unique-role");

    assertThatThrownBy(() -> f.role("unique-role")).isInstanceOf(ConflictException.class);
    Role local = f.domainRole(d, "unique-role");
    assertThat(store.roles().findByName(d.id(), "unique-role")).map(Role::id).contains(local.id());
    assertThat(store.roles().list(d.id(), null)).extracting(Role::id).containsExactly(local.id());
  }

  @Test
  void impliedRole_closingACycle_isConflict() {
    Role a = f.role("cycle-a");
    Role b = f.role("cycle-b");
    Role c = f.role("cycle-c");
    store.roles().addImplied(a.id(), b.id());
    store.roles().addImplied(b.id(), c.id());

    assertThatThrownBy(() -> store.roles().addImplied(c.id(), a.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> store.roles().addImplied(a.id(), a.id())).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> store.roles().addImplied(a.id(), b.id())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("already exists");
    assertThat(store.roles().implies(a.id(), b.id())).isTrue();
    assertThat(store.roles().impliedBy(a.id())).extracting(Role::id).containsExactly(b.id());
  }

  @Test
  void impliedRole_admin_orDomainRoleFromGlobal_isForbidden() {
    Domain d = f.domain("implications");
    Role admin = store.roles().findByName(null, "admin").orElseGet(() -> f.role("admin"));
    Role member = f.role("implication-member");
    Role local = f.domainRole(d, "local");

    assertThatThrownBy(() -> store.roles().addImplied(member.id(), admin.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> store.roles().addImplied(member.id(), local.id())).isInstanceOf(ForbiddenException.class);
    assertThat(store.roles().addImplied(local.id(), member.id()).impliedRoleId()).isEqualTo(member.id());
  }

  @Test
  void assignment_granted_isCheckedListedAndRevoked() {
    Domain d = f.domain("grants");
    Project p = f.project(d, "p");
    User u = f.user(d, "u");
    Role r = f.role("grant-role");
    Assignment a = new Assignment(r.id(), Actor.user(u.id()), Target.project(p.id()), false);

    store.assignments().grant(a);
    store.assignments().grant(a);

    assertThat(store.assignments().check(a)).isTrue();
    assertThat(store.assignments().list(AssignmentFilter.all().withUser(u.id()))).containsExactly(a);
    assertThat(store.assignments().rolesOn(a.actor(), a.target(), false)).extracting(Role::id).containsExactly(r.id());
    store.assignments().revoke(a);
    assertThat(store.assignments().check(a)).isFalse();
    assertThatThrownBy(() -> store.assignments().revoke(a)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void assignment_toUnknownUserOrProject_isNotFound() {
    Domain d = f.domain("unknowns");
    Role r = f.role("unknowns-role");

    assertThatThrownBy(() -> store.assignments().grant(
        new Assignment(r.id(), Actor.user(Ids.random()), Target.domain(d.id()), false)))
        .isInstanceOf(NotFoundException.class);
    User u = f.user(d, "u");
    assertThatThrownBy(() -> store.assignments().grant(
        new Assignment(r.id(), Actor.user(u.id()), Target.project(Ids.random()), false)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void domainRole_assignedOutsideItsDomain_isForbidden() {
    Domain home = f.domain("role-home");
    Domain away = f.domain("role-away");
    Role local = f.domainRole(home, "home-only");
    User u = f.user(home, "u");

    assertThatThrownBy(() -> store.assignments().grant(
        new Assignment(local.id(), Actor.user(u.id()), Target.project(f.project(away, "p").id()), false)))
        .isInstanceOf(ForbiddenException.class);
    store.assignments().grant(new Assignment(local.id(), Actor.user(u.id()), Target.project(f.project(home, "p").id()), false));
  }

  @Test
  void assignmentList_filtersByScopeInheritanceAndSubtree() {
    Domain d = f.domain("listing");
    Project top = f.project(d, "top");
    Project below = f.child(top, "below");
    Group g = f.group(d, "listers");
    Role r = f.role("listing-role");
    Assignment onTop = new Assignment(r.id(), Actor.group(g.id()), Target.project(top.id()), true);
    Assignment onBelow = new Assignment(r.id(), Actor.group(g.id()), Target.project(below.id()), false);
    Assignment onDomain = new Assignment(r.id(), Actor.group(g.id()), Target.domain(d.id()), false);
    store.assignments().grant(onTop);
    store.assignments().grant(onBelow);
    store.assignments().grant(onDomain);

    AssignmentFilter byGroup = AssignmentFilter.all().withGroup(g.id());
    assertThat(store.assignments().list(byGroup)).containsExactlyInAnyOrder(onTop, onBelow, onDomain);
    assertThat(store.assignments().list(byGroup.withProject(top.id(), false))).containsExactly(onTop);
    assertThat(store.assignments().list(byGroup.withProject(top.id(), true))).containsExactlyInAnyOrder(onTop, onBelow);
    assertThat(store.assignments().list(byGroup.withDomain(d.id()))).containsExactly(onDomain);
    assertThat(store.assignments().list(byGroup.withInherited(true))).containsExactly(onTop);
  }

  @Test
  void assignmentNames_nameRolesActorsTargetsAndTheirDomains() {
    Domain d = f.domain("naming");
    Project p = f.project(d, "named-project");
    User u = f.user(d, "named-user");
    Group g = f.group(d, "named-group");
    Role r = f.role("named-role");
    Assignment onProject = new Assignment(r.id(), Actor.user(u.id()), Target.project(p.id()), false);
    Assignment onDomain = new Assignment(r.id(), Actor.group(g.id()), Target.domain(d.id()), true);
    Assignment onSystem = new Assignment(r.id(), Actor.user(u.id()), Target.system(), false);

    var names = store.assignments().namesFor(java.util.List.of(onProject, onDomain, onSystem));

    assertThat(names.role(r.id()).map(Role::name)).contains("named-role");
    assertThat(names.user(u.id()).map(User::name)).contains("named-user");
    assertThat(names.group(g.id()).map(Group::name)).contains("named-group");
    assertThat(names.project(p.id()).map(Project::name)).contains("named-project");
    assertThat(names.domain(d.id()).map(Domain::name)).contains("naming");
    assertThat(store.assignments().namesFor(java.util.List.of()).roles()).isEmpty();
  }

  @Test
  void systemAssignment_cannotBeInherited() {
    assertThatThrownBy(() -> new Assignment(Ids.random(), Actor.user(Ids.random()), Target.system(), true))
        .isInstanceOf(BadRequestException.class);
  }

  @Test
  void everyWrite_bumpsTheRevision_andNotifiesAfterCommit() throws Exception {
    try (Connection listener = f.dataSource.getConnection(); Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + RoleStore.NOTIFY_CHANNEL);
      long before = store.revision();

      Domain d = f.domain("notified");
      assertThatThrownBy(() -> f.domain("notified")).isInstanceOf(ConflictException.class);

      assertThat(store.revision()).isEqualTo(before + 1);
      PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(2000);
      assertThat(received).extracting(PGNotification::getParameter).containsExactly((before + 1) + " domain");
      assertThat(d.id()).isNotEmpty();
    }
  }
}
