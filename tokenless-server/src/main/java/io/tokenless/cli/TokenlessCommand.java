package io.tokenless.cli;

import io.tokenless.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tokenless}: the server's command line. */
@Command(
    name = "tokenless",
    mixinStandardHelpOptions = true,
    version = "tokenless 0.1.0",
    description = "Identity service: Kerberos and X.509 authentication, role lookup, Keystone-compatible tokens.",
    subcommands = {DevCommand.class, ServeCommand.class, DbCommand.class, CaCommand.class,
        FernetCommand.class, BootstrapCommand.class, ImportCommand.class})
public final class TokenlessCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; start-up failures print one line. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.err, true), args);
  }

  /** As {@link #run(String...)}, with errors written to {@code err}. */
  public static int run(java.io.PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new TokenlessCommand());
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((failure, cmd, parsed) -> {
      if (failure instanceof ConfigException config) {
        cmd.getErr().println("tokenless: configuration error: " + config.getMessage());
        return 2;
      }
      if (failure instanceof StartupException || failure instanceof IllegalArgumentException
          || failure instanceof io.tokenless.fernet.KeyRepositoryException
          || failure instanceof java.io.IOException || failure instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("tokenless: " + failure.getMessage());
        return 1;
      }
      throw failure;
    });
    return commandLine.execute(args);
  }
}
