package io.tokenless.roles.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.RoleRef;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.ScopeInfo;
import io.tokenless.roles.model.Subject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

  @Test
  void adminOnAnyProject_isAdminAndService() {
    Caller caller = new Caller("u1", "alice", "default", Optional.of(Scope.project("p1")), Set.of("admin"));

    assertThat(caller.isAdmin()).isTrue();
    assertThat(caller.isService()).isTrue();
  }

  @Test
  void serviceRole_isServiceButNotAdmin() {
    Caller caller = new Caller("u1", "nova", "default", Optional.of(Scope.project("p1")), Set.of("service"));

    assertThat(caller.isService()).isTrue();
    assertThat(caller.isAdmin()).isFalse();
  }

  @Test
  void memberAndUnscopedCallers_areNeither() {
    assertThat(new Caller("u1", "bob", "default", Optional.of(Scope.project("p1")), Set.of("member", "reader"))
        .isService()).isFalse();
    assertThat(new Caller("u1", "bob", "default", Optional.empty(), Set.of()).isService()).isFalse();
  }

  @Test
  void callerFromLookupAnswer_carriesUserScopeAndRoleNames() {
    EffectiveRoles roles = new EffectiveRoles(new Subject("u1", "alice", "d1", "Example"),
        new ScopeInfo(Scope.project("p1"), "demo", "d1", "Example"), List.of(new RoleRef("r1", "member")), 7);

    Caller caller = Caller.from(roles);

    assertThat(caller).isEqualTo(new Caller("u1", "alice", "d1", Optional.of(Scope.project("p1")), Set.of("member")));
  }
}
