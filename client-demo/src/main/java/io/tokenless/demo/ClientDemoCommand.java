package io.tokenless.demo;

import io.tokenless.demo.dataset.DatasetCommand;
import io.tokenless.demo.flows.CreateServerCommand;
import io.tokenless.demo.flows.DiscoverCommand;
import io.tokenless.demo.flows.ServicesCommand;
import io.tokenless.demo.load.HelloServerCommand;
import io.tokenless.demo.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code client-demo}: the command line of the demo client. Each job is a subcommand; the
 * top command only prints usage.
 */
@Command(name = "client-demo", mixinStandardHelpOptions = true,
    description = "Tokenless demo client and benchmark tools.",
    subcommands = {LoadCommand.class, HelloServerCommand.class, CreateServerCommand.class, DiscoverCommand.class,
        ServicesCommand.class, DatasetCommand.class})
public final class ClientDemoCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClientDemoCommand()).execute(args));
  }
}
