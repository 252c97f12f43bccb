package io.tokenless.cli;

import io.tokenless.config.ConfigLoader;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenless db ...}: database maintenance. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database maintenance.",
    subcommands = DbCommand.Migrate.class)
final class DbCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("tokenless db: a subcommand is required (migrate)");
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Apply pending schema migrations to the configured PostgreSQL database.")
  static final class Migrate implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path config;

    @Override
    public Integer call() {
      TokenlessConfig settings = ConfigLoader.fromSystemEnvironment().load(config);
      int applied = Startup.guard(() -> {
        try (Database database = Database.open(settings.database())) {
          return database.migrate();
        }
      });
      System.out.println("tokenless db migrate: " + applied + " migration(s) applied");
      return 0;
    }
  }
}
