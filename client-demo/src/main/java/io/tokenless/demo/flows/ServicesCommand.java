package io.tokenless.demo.flows;

import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.demo.services.DemoServices;
import io.tokenless.demo.services.ServiceIdentity;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code client-demo services}: runs the compute, image and network demo services for a
 * {@code tokenless dev --with-demo} gateway (which routes {@code /compute/}, {@code /image/} and
 * {@code /network/} to OpenStack's usual ports). Compute authenticates as the {@code compute}
 * user with its keytab or certificate from the data directory.
 */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "Run the compute, image and network demo services behind a Tokenless gateway.")
public final class ServicesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", defaultValue = "dev-data", description = "tokenless dev data directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--url", defaultValue = "http://localhost:5000", description = "gateway URL (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(names = "--tls-url", defaultValue = "https://localhost:5443",
      description = "gateway HTTPS URL, for --auth cert (default: ${DEFAULT-VALUE})")
  URI tlsUrl;

  @Option(names = "--auth", defaultValue = "kerberos", description = "how compute authenticates: kerberos or cert (default: ${DEFAULT-VALUE})")
  AuthKind auth;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "listen address (default: ${DEFAULT-VALUE})")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    ServiceIdentity compute = switch (auth) {
      case kerberos -> {
        KerberosSettings.apply(dataDir.resolve("krb5.conf"), KerberosSettings.DEFAULT_CLOCK_SKEW);
        yield ServiceIdentity.kerberos("compute@EXAMPLE.COM", dataDir.resolve("keytabs/compute.keytab"), url);
      }
      case cert -> ServiceIdentity.certificate(dataDir.resolve("pki/clients/compute.pem"),
          dataDir.resolve("pki/clients/compute-key.pem"), dataDir.resolve("pki/ca.pem"), tlsUrl);
      case password -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "services authenticate with kerberos or cert, never a password");
    };
    CountDownLatch stopped = new CountDownLatch(1);
    try (DemoServices services = DemoServices.start(host, DemoServices.Ports.OPENSTACK, compute)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
      DemoServices.Ports ports = services.ports();
      out.printf("compute on %s:%d, image on %s:%d, network on %s:%d; compute calls %s as compute (%s)%n",
          host, ports.compute(), host, ports.image(), host, ports.network(), compute.gateway(), compute.description());
      out.println("demo services ready");
      out.flush();
      stopped.await();
    }
    return 0;
  }
}
