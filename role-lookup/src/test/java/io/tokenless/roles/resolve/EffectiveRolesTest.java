package io.tokenless.roles.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.AssignmentFilter;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.ScopeInfo;
import io.tokenless.roles.model.Subject;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.Fixture;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.roles.store.SqlRoleLookup;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each way Keystone gives a user a role, one test each, on a fresh domain per test. */
@ExtendWith(PostgresExtension.class)
class EffectiveRolesTest {
  private static Fixture f;
  private static RoleStore store;
  private static SqlRoleLookup lookup;
  private static Role admin;
  private static Role member;
  private static Role reader;
  private static int counter;

  private Domain d;
  private User alice;
  private Group team;
  private Project top;
  private Project mid;
  private Project leaf;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
    store = f.store;
    lookup = SqlRoleLookup.over(store);
    admin = f.role("admin");
    member = f.role("member");
    reader = f.role("reader");
    store.roles().addImplied(admin.id(), member.id());
    store.roles().addImplied(member.id(), reader.id());
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @BeforeEach
  void freshDomain() {
    counter++;
    d = f.domain("d" + counter);
    alice = f.user(d, "alice");
    team = f.group(d, "team");
    store.groups().addMember(team.id(), alice.id());
    top = f.project(d, "top");
    mid = f.child(top, "mid");
    leaf = f.child(mid, "leaf");
  }

  private List<String> roles(Scope scope) {
    return lookup.effectiveRoles(alice.id(), scope).roleNames();
  }

  private void grant(Role role, Actor actor, Target target, boolean inherited) {
    store.assignments().grant(new Assignment(role.id(), actor, target, inherited));
  }

  @Test
  void directUserAssignment_onProject_isEffectiveThereOnly() {
    grant(reader, Actor.user(alice.id()), Target.project(mid.id()), false);

    assertThat(roles(Scope.project(mid.id()))).containsExactly("reader");
    assertThat(roles(Scope.project(leaf.id()))).isEmpty();
    assertThat(roles(Scope.project(top.id()))).isEmpty();
    assertThat(roles(Scope.domain(d.id()))).isEmpty();
  }

  @Test
  void groupAssignment_onProject_isEffectiveForMembers() {
    grant(reader, Actor.group(team.id()), Target.project(top.id()), false);
    User outsider = f.user(d, "outsider");

    assertThat(roles(Scope.project(top.id()))).containsExactly("reader");
    assertThat(lookup.effectiveRoles(outsider.id(), Scope.project(top.id())).roles()).isEmpty();
  }

  @Test
  void groupAssignment_inheritedToChildProject_isEffective() {
    grant(reader, Actor.group(team.id()), Target.project(top.id()), true);

    assertThat(roles(Scope.project(mid.id()))).containsExactly("reader");
    assertThat(roles(Scope.project(leaf.id()))).containsExactly("reader");
    assertThat(roles(Scope.project(top.id()))).as("inherited assignments skip their own target").isEmpty();
  }

  @Test
  void domainInheritedAssignment_isEffectiveOnEveryProject_butNotOnTheDomain() {
    grant(member, Actor.user(alice.id()), Target.domain(d.id()), true);

    assertThat(roles(Scope.project(top.id()))).containsExactly("member", "reader");
    assertThat(roles(Scope.project(leaf.id()))).containsExactly("member", "reader");
    assertThat(roles(Scope.domain(d.id()))).isEmpty();
  }

  @Test
  void domainAssignment_direct_isEffectiveOnTheDomainOnly() {
    grant(reader, Actor.user(alice.id()), Target.domain(d.id()), false);
    grant(member, Actor.group(team.id()), Target.domain(d.id()), false);

    assertThat(roles(Scope.domain(d.id()))).containsExactly("member", "reader");
    assertThat(roles(Scope.project(top.id()))).isEmpty();
  }

  @Test
  void inheritedFromGrandparent_reachesTheLeaf() {
    grant(member, Actor.user(alice.id()), Target.project(top.id()), true);
    grant(admin, Actor.user(alice.id()), Target.project(mid.id()), true);

    assertThat(roles(Scope.project(mid.id()))).containsExactly("member", "reader");
    assertThat(roles(Scope.project(leaf.id()))).containsExactly("admin", "member", "reader");
  }

  @Test
  void impliedRoles_areFollowedTransitively() {
    grant(admin, Actor.user(alice.id()), Target.project(leaf.id()), false);

    assertThat(lookup.effectiveRoles(alice.id(), Scope.project(leaf.id())).roles())
        .extracting(r -> r.id())
        .containsExactlyInAnyOrder(admin.id(), member.id(), reader.id());
  }

  @Test
  void domainSpecificRole_onlyContributesTheRolesItImplies() {
    Role local = f.domainRole(d, "local-operator");
    store.roles().addImplied(local.id(), member.id());
    grant(local, Actor.user(alice.id()), Target.project(top.id()), false);

    assertThat(roles(Scope.project(top.id()))).containsExactly("member", "reader");
  }

  @Test
  void disabledUser_hasNoRoles() {
    grant(admin, Actor.user(alice.id()), Target.project(top.id()), false);

    store.users().update(new User(alice.id(), alice.name(), d.id(), false, null, null, null));

    assertThat(roles(Scope.project(top.id()))).isEmpty();
  }

  @Test
  void disabledProject_orDisabledAncestor_givesNoRoles() {
    grant(member, Actor.user(alice.id()), Target.project(top.id()), true);
    grant(member, Actor.user(alice.id()), Target.project(mid.id()), false);

    store.projects().update(new Project(leaf.id(), "leaf", d.id(), mid.id(), null, false));
    assertThat(roles(Scope.project(leaf.id()))).isEmpty();
    assertThat(roles(Scope.project(mid.id()))).containsExactly("member", "reader");

    store.projects().update(new Project(mid.id(), "mid", d.id(), top.id(), null, false));
    assertThat(roles(Scope.project(mid.id()))).isEmpty();
  }

  @Test
  void disabledTargetDomain_givesNoRoles() {
    grant(member, Actor.user(alice.id()), Target.domain(d.id()), true);
    grant(member, Actor.user(alice.id()), Target.domain(d.id()), false);

    store.domains().update(new Domain(d.id(), d.name(), null, false));

    assertThat(roles(Scope.project(top.id()))).isEmpty();
    assertThat(roles(Scope.domain(d.id()))).isEmpty();
  }

  @Test
  void userOfDisabledDomain_hasNoRolesElsewhere() {
    Domain elsewhere = f.domain("elsewhere" + counter);
    Project there = f.project(elsewhere, "there");
    grant(member, Actor.user(alice.id()), Target.project(there.id()), false);
    assertThat(roles(Scope.project(there.id()))).containsExactly("member", "reader");

    store.domains().update(new Domain(d.id(), d.name(), null, false));

    assertThat(roles(Scope.project(there.id()))).isEmpty();
  }

  @Test
  void systemAssignments_ofUserAndGroup_areEffectiveOnTheSystemOnly() {
    grant(reader, Actor.user(alice.id()), Target.system(), false);
    grant(admin, Actor.group(team.id()), Target.system(), false);

    assertThat(roles(Scope.system())).containsExactly("admin", "member", "reader");
    assertThat(roles(Scope.project(top.id()))).isEmpty();
  }

  @Test
  void unknownUserOrProject_isNotFound() {
    assertThatThrownBy(() -> lookup.effectiveRoles(Ids.random(), Scope.project(top.id())))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("user");
    assertThatThrownBy(() -> lookup.effectiveRoles(alice.id(), Scope.project(Ids.random())))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("project");
    assertThatThrownBy(() -> lookup.effectiveRoles(alice.id(), Scope.domain(Ids.random())))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("domain");
  }

  @Test
  void answer_namesTheUserAndTheScope() {
    EffectiveRoles answer = lookup.effectiveRoles(alice.id(), Scope.project(leaf.id()));

    assertThat(answer.user()).isEqualTo(new Subject(alice.id(), "alice", d.id(), d.name()));
    assertThat(answer.scope()).isEqualTo(new ScopeInfo(Scope.project(leaf.id()), "leaf", d.id(), d.name()));
    assertThat(lookup.effectiveRoles(alice.id(), Scope.domain(d.id())).scope().name()).isEqualTo(d.name());
    assertThat(lookup.effectiveRoles(alice.id(), Scope.system()).scope().name()).isEqualTo("all");
  }

  @Test
  void answer_carriesTheCurrentRevision() {
    long before = store.revision();
    grant(reader, Actor.user(alice.id()), Target.project(top.id()), false);

    assertThat(lookup.effectiveRoles(alice.id(), Scope.project(top.id())).revision()).isEqualTo(before + 1);
  }

  @Test
  void effectiveAssignments_expandGroupsInheritanceAndImplication() {
    grant(member, Actor.group(team.id()), Target.project(top.id()), true);

    List<EffectiveAssignment> listed = lookup.effectiveAssignments(AssignmentFilter.all().withUser(alice.id()));

    Assignment source = new Assignment(member.id(), Actor.group(team.id()), Target.project(top.id()), true);
    assertThat(listed).containsExactlyInAnyOrder(
        new EffectiveAssignment(new Assignment(member.id(), Actor.user(alice.id()), Target.project(mid.id()), false), source),
        new EffectiveAssignment(new Assignment(reader.id(), Actor.user(alice.id()), Target.project(mid.id()), false), source),
        new EffectiveAssignment(new Assignment(member.id(), Actor.user(alice.id()), Target.project(leaf.id()), false), source),
        new EffectiveAssignment(new Assignment(reader.id(), Actor.user(alice.id()), Target.project(leaf.id()), false), source));
  }

  @Test
  void effectiveAssignments_inheritedFilter_selectsByTheGrantTheyComeFrom() {
    grant(member, Actor.group(team.id()), Target.project(top.id()), true);
    grant(admin, Actor.user(alice.id()), Target.project(mid.id()), false);

    AssignmentFilter ofAlice = AssignmentFilter.all().withUser(alice.id());
    List<EffectiveAssignment> inheritedOnly = lookup.effectiveAssignments(ofAlice.withInherited(true));
    List<EffectiveAssignment> directOnly = lookup.effectiveAssignments(ofAlice.withInherited(false));

    assertThat(inheritedOnly).hasSize(4).allMatch(a -> a.source().inherited() && a.source().roleId().equals(member.id()));
    assertThat(inheritedOnly).extracting(a -> a.effective().target().id()).containsOnly(mid.id(), leaf.id());
    assertThat(directOnly).hasSize(3).allMatch(a -> !a.source().inherited() && a.source().roleId().equals(admin.id()))
        .extracting(a -> a.effective().roleId()).containsExactlyInAnyOrder(admin.id(), member.id(), reader.id());
    assertThat(lookup.effectiveAssignments(ofAlice)).hasSize(7);
  }

  @Test
  void effectiveAssignments_withSubtree_coverProjectsBelow() {
    grant(reader, Actor.user(alice.id()), Target.project(top.id()), false);
    grant(reader, Actor.user(alice.id()), Target.project(leaf.id()), false);

    AssignmentFilter onMid = AssignmentFilter.all().withUser(alice.id()).withProject(mid.id(), true);
    assertThat(lookup.effectiveAssignments(onMid)).extracting(a -> a.effective().target().id())
        .containsExactly(leaf.id());
    assertThat(lookup.effectiveAssignments(AssignmentFilter.all().withUser(alice.id()).withRole(reader.id())))
        .hasSize(2);
  }
}
