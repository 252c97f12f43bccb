package io.tokenless.roles.store;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import java.util.Objects;

/**
 * What {@code keystone-manage bootstrap} creates, made idempotent: the {@code default} domain,
 * the roles {@code admin} ⇒ {@code member} ⇒ {@code reader} (plus {@code service}), an admin
 * project and an admin user holding {@code admin} on that project and on the system. Running
 * it again keeps existing objects and only sets the admin password when one is given.
 */
public final class Bootstrap {

  /**
   * The objects bootstrap ensured.
   *
   * @param adminRole   holds every other default role by implication
   * @param serviceRole what services need to call the role lookup API
   */
  public record Result(Domain domain, Project adminProject, User adminUser, Role adminRole, Role memberRole,
      Role readerRole, Role serviceRole) {}

  private Bootstrap() {}

  /**
   * Ensures the bootstrap objects exist.
   *
   * @param adminPassword the admin user's password, or {@code null} to leave it as it is (a new
   *                      admin user then has none and can only authenticate by Kerberos or certificate)
   */
  public static Result run(RoleStore store, String adminUserName, String adminProjectName, char[] adminPassword) {
    Objects.requireNonNull(adminUserName, "adminUserName");
    Objects.requireNonNull(adminProjectName, "adminProjectName");
    Domain domain = store.domains().find(Ids.DEFAULT_DOMAIN)
        .orElseGet(() -> store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default",
            "The default domain", true)));
    Role admin = role(store, "admin");
    Role member = role(store, "member");
    Role reader = role(store, "reader");
    Role service = role(store, "service");
    if (!store.roles().implies(admin.id(), member.id())) {
      store.roles().addImplied(admin.id(), member.id());
    }
    if (!store.roles().implies(member.id(), reader.id())) {
      store.roles().addImplied(member.id(), reader.id());
    }
    Project project = store.projects().findByName(domain.id(), adminProjectName)
        .orElseGet(() -> store.projects().create(new Project(Ids.random(), adminProjectName, domain.id(), null,
            "Bootstrap project for initializing the cloud.", true)));
    User user = store.users().findByName(domain.id(), adminUserName)
        .orElseGet(() -> store.users().create(new User(Ids.random(), adminUserName, domain.id(), true, null, null,
            null), null));
    if (adminPassword != null) {
      store.users().setPassword(user.id(), adminPassword);
    }
    grant(store, new Assignment(admin.id(), Actor.user(user.id()), Target.project(project.id()), false));
    grant(store, new Assignment(admin.id(), Actor.user(user.id()), Target.system(), false));
    return new Result(domain, project, user, admin, member, reader, service);
  }

  private static Role role(RoleStore store, String name) {
    return store.roles().findByName(null, name)
        .orElseGet(() -> store.roles().create(new Role(Ids.random(), name, null, null)));
  }

  private static void grant(RoleStore store, Assignment assignment) {
    if (!store.assignments().check(assignment)) {
      store.assignments().grant(assignment);
    }
  }
}
