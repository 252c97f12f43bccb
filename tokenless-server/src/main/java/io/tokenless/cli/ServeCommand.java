package io.tokenless.cli;

import io.tokenless.config.ConfigLoader;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.server.TokenlessServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tokenless serve --config FILE}: production mode, everything from the configuration. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the server from a YAML configuration (external PostgreSQL, keytab, CA, key repository).")
final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "the YAML configuration")
  Path config;

  @Override
  public Integer call() throws InterruptedException {
    TokenlessConfig settings = ConfigLoader.fromSystemEnvironment().load(config);
    TokenlessServer server = Startup.guard(() -> TokenlessServer.start(settings));
    Startup.closeOnShutdown(server);
    log.info("tokenless serving on {}", settings.server().baseUrl());
    System.out.println("tokenless ready: " + settings.server().baseUrl());
    Thread.currentThread().join();
    return 0;
  }
}
