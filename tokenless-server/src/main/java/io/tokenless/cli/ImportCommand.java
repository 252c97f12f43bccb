package io.tokenless.cli;

import io.tokenless.config.ConfigLoader;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.Database;
import io.tokenless.keystone.importer.KeystoneImports;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenless import keystone FILE --config F}: data exported from Keystone, every id kept. */
@Command(name = "import", mixinStandardHelpOptions = true, description = "Import data from another identity service.",
    subcommands = ImportCommand.Keystone.class)
final class ImportCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("tokenless import: a subcommand is required (keystone)");
  }

  @Command(name = "keystone", mixinStandardHelpOptions = true,
      description = {"Load a Keystone export (domains, projects, users with their password hashes, groups, roles,",
          "implied roles, assignments, catalog, trusts, application credentials with their secret hashes,",
          "revocation events), keeping every id."})
  static final class Keystone implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the export, in Keystone's API shapes (see docs/migrating-from-keystone.md)")
    Path file;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
    Path config;

    @Override
    public Integer call() {
      TokenlessConfig settings = ConfigLoader.fromSystemEnvironment().load(config);
      String summary = Startup.guard(() -> {
        try (Database database = Database.open(settings.database())) {
          database.migrate();
          return KeystoneImports.importFile(database.dataSource(), settings, file).toString();
        }
      });
      System.out.println("tokenless import keystone: " + summary);
      return 0;
    }
  }
}
