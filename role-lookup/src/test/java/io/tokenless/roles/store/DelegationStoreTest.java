package io.tokenless.roles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.ConflictException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.Trust;
import io.tokenless.roles.model.User;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Trusts and application credentials as stored: ids kept, soft deletes, uses, Keystone's cascades. */
@ExtendWith(PostgresExtension.class)
class DelegationStoreTest {
  private static Fixture f;
  private static RoleStore store;
  private static Domain domain;
  private static Role member;
  private static Role reader;

  @BeforeAll
  static void start(TestDatabase database) {
    f = new Fixture(database);
    store = f.store;
    domain = f.domain("delegations");
    member = f.role("member");
    reader = f.role("reader");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void trust_keepsItsIdAndFields() {
    User trustor = f.user(domain, "trustor-1");
    User trustee = f.user(domain, "trustee-1");
    Project project = f.project(domain, "trusted-1");
    Instant expires = Instant.parse("2030-01-02T03:04:05Z");
    String id = Ids.random();

    store.trusts().create(new Trust(id, trustor.id(), trustee.id(), project.id(), true, expires, 3, null, null,
        List.of(reader.id(), member.id()), null));

    Trust found = store.trusts().find(id).orElseThrow();
    assertThat(found.trustorUserId()).isEqualTo(trustor.id());
    assertThat(found.trusteeUserId()).isEqualTo(trustee.id());
    assertThat(found.projectId()).isEqualTo(project.id());
    assertThat(found.impersonation()).isTrue();
    assertThat(found.expiresAt()).isEqualTo(expires);
    assertThat(found.remainingUses()).isEqualTo(3);
    assertThat(found.roleIds()).containsExactlyInAnyOrder(member.id(), reader.id());
    assertThat(found.usable()).isTrue();
  }

  @Test
  void trust_withoutRoles_isBadRequest_andWithUnknownTrustee_isNotFound() {
    User trustor = f.user(domain, "trustor-2");
    Project project = f.project(domain, "trusted-2");

    assertThatThrownBy(() -> store.trusts().create(new Trust(Ids.random(), trustor.id(), trustor.id(), project.id(),
        false, null, null, null, null, List.of(), null))).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> store.trusts().create(new Trust(Ids.random(), trustor.id(), Ids.random(), project.id(),
        false, null, null, null, null, List.of(member.id()), null))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void trustUses_runOut_andUnlimitedTrusts_areNotConsumed() {
    User trustor = f.user(domain, "trustor-3");
    Project project = f.project(domain, "trusted-3");
    Trust limited = store.trusts().create(new Trust(Ids.random(), trustor.id(), trustor.id(), project.id(), false,
        null, 2, null, null, List.of(member.id()), null));
    Trust unlimited = store.trusts().create(new Trust(Ids.random(), trustor.id(), trustor.id(), project.id(), false,
        null, null, null, null, List.of(member.id()), null));

    assertThat(store.trusts().consumeUse(limited.id())).isTrue();
    assertThat(store.trusts().consumeUse(limited.id())).isTrue();
    assertThat(store.trusts().consumeUse(limited.id())).isFalse();
    assertThat(store.trusts().find(limited.id()).orElseThrow().usable()).isFalse();
    assertThat(store.trusts().consumeUse(unlimited.id())).isFalse();
    assertThat(store.trusts().find(unlimited.id()).orElseThrow().remainingUses()).isNull();
  }

  @Test
  void deletingATrust_isSoft_andTakesItsRedelegationsAlong() {
    User trustor = f.user(domain, "trustor-4");
    User trustee = f.user(domain, "trustee-4");
    Project project = f.project(domain, "trusted-4");
    Trust parent = store.trusts().create(new Trust(Ids.random(), trustor.id(), trustee.id(), project.id(), false,
        null, null, null, 1, List.of(member.id()), null));
    Trust child = store.trusts().create(new Trust(Ids.random(), trustee.id(), trustor.id(), project.id(), false,
        null, null, parent.id(), 0, List.of(member.id()), null));
    Instant now = Instant.parse("2026-11-24T10:00:00Z");

    store.trusts().delete(parent.id(), now);

    assertThat(store.trusts().find(parent.id()).orElseThrow().deletedAt()).isEqualTo(now);
    assertThat(store.trusts().find(child.id()).orElseThrow().usable()).isFalse();
    assertThatThrownBy(() -> store.trusts().delete(parent.id(), now)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void applicationCredential_keepsRoleOrder_andChecksItsSecret() {
    User user = f.user(domain, "appcred-1");
    Project project = f.project(domain, "appcred-project-1");
    String id = Ids.random();

    store.applicationCredentials().create(new ApplicationCredential(id, "ci", user.id(), project.id(), "for CI",
        null, false, List.of(reader.id(), member.id()), null), "s3cret".toCharArray());

    ApplicationCredential found = store.applicationCredentials().find(id).orElseThrow();
    assertThat(found.roleIds()).containsExactly(reader.id(), member.id());
    assertThat(found.restricted()).isTrue();
    assertThat(store.applicationCredentials().findByName(user.id(), "ci")).map(ApplicationCredential::id).contains(id);
    assertThat(store.applicationCredentials().verifySecret(id, "s3cret".toCharArray())).isTrue();
    assertThat(store.applicationCredentials().verifySecret(id, "wrong".toCharArray())).isFalse();
    assertThat(store.applicationCredentials().verifySecret(Ids.random(), "s3cret".toCharArray())).isFalse();
  }

  @Test
  void applicationCredential_withTheSameNameForTheSameUser_isConflict() {
    User user = f.user(domain, "appcred-2");
    Project project = f.project(domain, "appcred-project-2");
    store.applicationCredentials().create(new ApplicationCredential(Ids.random(), "twice", user.id(), project.id(),
        null, null, false, List.of(member.id()), null), "a".toCharArray());

    assertThatThrownBy(() -> store.applicationCredentials().create(new ApplicationCredential(Ids.random(), "twice",
        user.id(), project.id(), null, null, false, List.of(member.id()), null), "b".toCharArray()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("already exists for the user");
  }

  @Test
  void applicationCredentials_goWithTheUsersRoleOnTheProject_orWhenTheUserIsDisabled() {
    User user = f.user(domain, "appcred-3");
    Project kept = f.project(domain, "appcred-kept");
    Project lost = f.project(domain, "appcred-lost");
    Assignment onLost = new Assignment(member.id(), Actor.user(user.id()), Target.project(lost.id()), false);
    store.assignments().grant(onLost);
    ApplicationCredential onKeptProject = credential(user, kept, "kept");
    ApplicationCredential onLostProject = credential(user, lost, "lost");

    store.assignments().revoke(onLost);

    assertThat(store.applicationCredentials().find(onLostProject.id())).isEmpty();
    assertThat(store.applicationCredentials().find(onKeptProject.id())).isPresent();

    store.users().update(new User(user.id(), user.name(), user.domainId(), false, null, null, null));

    assertThat(store.applicationCredentials().find(onKeptProject.id())).isEmpty();
  }

  @Test
  void deletingARole_takesTheCredentialsOfItsDirectHoldersOnProjects() {
    User user = f.user(domain, "appcred-4");
    Project project = f.project(domain, "appcred-project-4");
    Role temporary = f.role("temporary");
    store.assignments().grant(new Assignment(temporary.id(), Actor.user(user.id()), Target.project(project.id()), false));
    ApplicationCredential credential = credential(user, project, "temp");

    store.roles().delete(temporary.id());

    assertThat(store.applicationCredentials().find(credential.id())).isEmpty();
  }

  @Test
  void deletingAUser_takesItsTrustsAndCredentials() {
    User trustor = f.user(domain, "trustor-5");
    User trustee = f.user(domain, "trustee-5");
    Project project = f.project(domain, "trusted-5");
    Trust trust = store.trusts().create(new Trust(Ids.random(), trustor.id(), trustee.id(), project.id(), false,
        null, null, null, null, List.of(member.id()), null));
    ApplicationCredential credential = credential(trustee, project, "gone");

    store.users().delete(trustee.id());

    assertThat(store.trusts().find(trust.id())).isEmpty();
    assertThat(store.applicationCredentials().find(credential.id())).isEmpty();
  }

  @Test
  void delegationWrites_bumpTheRevision_andNotify() throws Exception {
    User user = f.user(domain, "notified-user");
    Project project = f.project(domain, "notified-project");
    try (Connection listener = f.dataSource.getConnection(); Statement statement = listener.createStatement()) {
      statement.execute("LISTEN " + RoleStore.NOTIFY_CHANNEL);
      long before = store.revision();

      ApplicationCredential credential = credential(user, project, "notified");
      store.applicationCredentials().delete(credential.id());
      Trust trust = store.trusts().create(new Trust(Ids.random(), user.id(), user.id(), project.id(), false, null,
          null, null, null, List.of(member.id()), null));
      store.trusts().delete(trust.id(), Instant.now());

      assertThat(store.revision()).isEqualTo(before + 4);
      PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(2000);
      assertThat(received).extracting(PGNotification::getParameter).containsExactly(
          (before + 1) + " application_credential", (before + 2) + " application_credential",
          (before + 3) + " trust", (before + 4) + " trust");
    }
  }

  private static ApplicationCredential credential(User user, Project project, String name) {
    return store.applicationCredentials().create(new ApplicationCredential(Ids.random(), name, user.id(),
        project.id(), null, null, false, List.of(member.id()), null), "secret".toCharArray());
  }
}
