package io.tokenless.cli;

import io.tokenless.fernet.FernetKeys;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeyRepositoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tokenless fernet setup|rotate}: the key repository, as {@code keystone-manage
 * fernet_setup} and {@code fernet_rotate} keep it, so one repository can serve both. Rotation is
 * safe while servers run: they pick up the new keys within a second.
 */
@Command(name = "fernet", mixinStandardHelpOptions = true, description = "Fernet key repository maintenance.",
    subcommands = {FernetCommand.Setup.class, FernetCommand.Rotate.class})
final class FernetCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("tokenless fernet: a subcommand is required (setup, rotate)");
  }

  @Command(name = "setup", mixinStandardHelpOptions = true,
      description = "Create the key repository (key 0 staged, key 1 primary); an initialised one is left alone.")
  static final class Setup implements Callable<Integer> {
    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "the key repository directory")
    Path keys;

    @Override
    public Integer call() {
      FernetKeys result = guarded(() -> new KeyRepository(keys).setup());
      System.out.println("tokenless fernet setup: " + keys + " holds keys " + result.numbers()
          + ", primary " + result.primary().number());
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Promote the staged key to primary, stage a new key 0, and purge keys beyond --max-active-keys.")
  static final class Rotate implements Callable<Integer> {
    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "the key repository directory")
    Path keys;

    @Option(names = "--max-active-keys", defaultValue = "3", paramLabel = "N",
        description = "keys kept, staged included (Keystone's max_active_keys); default ${DEFAULT-VALUE}")
    int maxActiveKeys;

    @Override
    public Integer call() {
      FernetKeys result = guarded(() -> new KeyRepository(keys).rotate(maxActiveKeys));
      System.out.println("tokenless fernet rotate: " + keys + " holds keys " + result.numbers()
          + ", primary " + result.primary().number());
      return 0;
    }
  }

  /** Turns the repository's failures into a one-line start-up error instead of a stack trace. */
  private static FernetKeys guarded(java.util.function.Supplier<FernetKeys> action) {
    try {
      return action.get();
    } catch (KeyRepositoryException | IllegalArgumentException e) {
      throw new StartupException("fernet: " + e.getMessage(), e);
    }
  }
}
