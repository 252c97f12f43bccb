package io.tokenless.cli;

import io.tokenless.dev.DevEnvironment;
import io.tokenless.dev.DevOptions;
import io.tokenless.pki.KeyType;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code tokenless dev}: the whole system in one process on embedded defaults, for trying it
 * out and for interop tests.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
    description = {"Run everything in one process: embedded PostgreSQL, a KDC for EXAMPLE.COM, a dev CA,",
        "a Fernet key repository and demo data, all kept in the data directory."})
final class DevCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "dev-data",
      description = "where state is kept across restarts (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--port", defaultValue = "5000", description = "HTTP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--tls-port", defaultValue = "5443", description = "HTTPS port (default: ${DEFAULT-VALUE})")
  int tlsPort;

  @Option(names = "--kdc-port", defaultValue = "0",
      description = "KDC port; 0 picks a free one, written to krb5.conf (default: ${DEFAULT-VALUE})")
  int kdcPort;

  @Option(names = "--with-demo",
      description = "gateway routes to the demo services of 'client-demo services' (compute, image, network)")
  boolean withDemo;

  @Option(names = "--fernet-keys", paramLabel = "DIR",
      description = "copy this key repository (e.g. Keystone's) into the data directory instead of making one")
  Path fernetKeys;

  @Option(names = "--import-keystone", paramLabel = "FILE",
      description = "load this Keystone export instead of the demo data (once, on a fresh data directory)")
  Path importKeystone;

  @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyTypes.class,
      description = {"keys of the dev CA, the server and the demo client certificates: ec-p256, rsa-2048 or rsa-3072",
          "(default: those of the PKI already in the data directory, else ec-p256). A PKI of another type",
          "is not replaced: the start fails, and a fresh --data-dir gets the new type"})
  Optional<KeyType> keyType;

  @Override
  public Integer call() throws InterruptedException {
    DevOptions options = new DevOptions(dataDir.toAbsolutePath().normalize(), port, tlsPort, kdcPort, withDemo,
        Optional.ofNullable(fernetKeys), Optional.ofNullable(importKeystone), keyType);
    DevEnvironment environment = Startup.guard(() -> DevEnvironment.start(options));
    Startup.closeOnShutdown(environment);
    environment.printWelcome(System.out);
    System.out.flush();
    Thread.currentThread().join();
    return 0;
  }

  /** {@code --key-type} words, as {@code tokenless ca} takes them; a bad one is a usage error. */
  static final class KeyTypes implements ITypeConverter<KeyType> {
    @Override
    public KeyType convert(String value) {
      try {
        return KeyType.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
