package io.tokenless.cli;

import io.tokenless.fernet.FernetKeys;
import io.tokenless.fernet.KeyRepository;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenless fernet setup|rotate}: the key repository, step for step like
 * {@code keystone-manage fernet_setup} and {@code fernet_rotate}, so either tool may manage it.
 * A running server picks up rotated keys by itself.
 */
@Command(name = "fernet", mixinStandardHelpOptions = true, description = "Manage the Fernet key repository.",
    subcommands = {FernetCommand.Setup.class, FernetCommand.Rotate.class})
final class FernetCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("tokenless fernet: a subcommand is required (setup, rotate)");
  }

  static String describe(FernetKeys keys) {
    return "keys " + keys.numbers() + " (0 staged, highest primary)";
  }

  @Command(name = "setup", mixinStandardHelpOptions = true,
      description = "Create the repository with a staged key (0) and a primary key (1); does nothing if it has keys.")
  static final class Setup implements Callable<Integer> {
    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "the key repository")
    Path keys;

    @Override
    public Integer call() {
      FernetKeys loaded = new KeyRepository(keys).setup();
      System.out.println("tokenless fernet setup: " + keys + ": " + describe(loaded));
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Promote the staged key to primary, stage a new key, and drop the oldest past --max-active-keys.")
  static final class Rotate implements Callable<Integer> {
    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "the key repository")
    Path keys;

    @Option(names = "--max-active-keys", defaultValue = "3", description = "keys kept (default: ${DEFAULT-VALUE})")
    int maxActiveKeys;

    @Override
    public Integer call() {
      FernetKeys rotated = new KeyRepository(keys).rotate(maxActiveKeys);
      System.out.println("tokenless fernet rotate: " + keys + ": " + describe(rotated));
      return 0;
    }
  }
}
