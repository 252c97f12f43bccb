package io.tokenless.cli;

import io.tokenless.bootstrap.StandardRoles;
import io.tokenless.config.ConfigLoader;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.Database;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenless bootstrap}: what {@code keystone-manage bootstrap} does for a fresh
 * database — the default domain, the roles {@code admin} ⇒ {@code member} ⇒ {@code reader} and
 * {@code service}, an admin project and an admin user holding {@code admin} on it and on the
 * system. Safe to run again: existing objects are kept, the password is set anew.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
    description = "Create the default domain, the standard roles and a first admin user (like keystone-manage bootstrap).")
final class BootstrapCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
  Path config;

  @Option(names = "--admin-user", defaultValue = "admin", description = "default: ${DEFAULT-VALUE}")
  String adminUser;

  @Option(names = "--admin-project", defaultValue = "admin", description = "default: ${DEFAULT-VALUE}")
  String adminProject;

  @Option(names = "--admin-password-env", defaultValue = "TOKENLESS_BOOTSTRAP_PASSWORD", paramLabel = "VAR",
      description = "environment variable holding the admin password (default: ${DEFAULT-VALUE}); "
          + "a password never goes on the command line")
  String passwordVariable;

  @Override
  public Integer call() {
    String password = System.getenv(passwordVariable);
    if (password == null || password.isEmpty()) {
      throw new StartupException("set the admin password in the environment variable " + passwordVariable, null);
    }
    TokenlessConfig settings = ConfigLoader.fromSystemEnvironment().load(config);
    String userId = Startup.guard(() -> {
      try (Database database = Database.open(settings.database())) {
        database.migrate();
        RoleStore store = RoleStore.create(database.dataSource(),
            new RoleStore.Options(settings.passwords().bcryptCost(), Set.of("admin")));
        return bootstrap(store, password.toCharArray());
      }
    });
    System.out.println("tokenless bootstrap: user " + adminUser + " (" + userId + ") is admin on project "
        + adminProject + " and on the system");
    return 0;
  }

  private String bootstrap(RoleStore store, char[] password) {
    Domain domain = StandardRoles.defaultDomain(store);
    StandardRoles roles = StandardRoles.ensure(store);
    Project project = store.projects().findByName(domain.id(), adminProject)
        .orElseGet(() -> store.projects().create(new Project(Ids.random(), adminProject, domain.id(), null,
            "Bootstrap project for initializing the cloud.", true)));
    User user = store.users().findByName(domain.id(), adminUser)
        .orElseGet(() -> store.users().create(new User(Ids.random(), adminUser, domain.id(), true, project.id(),
            null, null), password));
    store.users().setPassword(user.id(), password);
    StandardRoles.grant(store, roles.admin(), Actor.user(user.id()), Target.project(project.id()), false);
    StandardRoles.grant(store, roles.admin(), Actor.user(user.id()), Target.system(), false);
    return user.id();
  }
}
