package io.tokenless.cli;

import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.IssuedCertificate;
import io.tokenless.pki.KeyType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tokenless ca ...}: a small certificate authority for development and tests. */
@Command(name = "ca", mixinStandardHelpOptions = true,
    description = "A development certificate authority: client certificates and a CRL.",
    subcommands = {CaCommand.Init.class, CaCommand.Issue.class, CaCommand.Revoke.class})
final class CaCommand implements Runnable {
  @Override
  public void run() {
    System.err.println("tokenless ca: a subcommand is required (init, issue, revoke)");
  }

  static final class Location {
    @Option(names = "--dir", defaultValue = "dev-data/pki", paramLabel = "DIR",
        description = "the CA directory (default: ${DEFAULT-VALUE})")
    Path dir;

    CertificateAuthority open() {
      if (!Files.exists(dir.resolve(CertificateAuthority.CA_FILE))) {
        throw new StartupException("no CA in " + dir + "; run: tokenless ca init --dir " + dir, null);
      }
      try {
        return CertificateAuthority.open(dir);
      } catch (IOException e) {
        throw new StartupException("cannot open the CA in " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = "Create a CA (EC P-256 unless --key-type says otherwise) with an empty CRL.")
  static final class Init implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Location location;

    @Option(names = "--key-type", defaultValue = "ec-p256", description = "ec-p256, rsa-2048 or rsa-3072")
    String keyType;

    @Override
    public Integer call() throws IOException {
      if (Files.exists(location.dir.resolve(CertificateAuthority.CA_FILE))) {
        throw new StartupException("a CA already exists in " + location.dir, null);
      }
      CertificateAuthority ca = CertificateAuthority.init(location.dir,
          CertificateAuthority.Options.defaults().withKeyType(KeyType.parse(keyType)));
      System.out.println("created CA " + ca.certificate().getSubjectX500Principal().getName() + " in " + location.dir);
      return 0;
    }
  }

  @Command(name = "issue", mixinStandardHelpOptions = true,
      description = "Issue a client certificate (clientAuth) for a user: CLIENTS/<user>.pem and <user>-key.pem.")
  static final class Issue implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Location location;

    @Option(names = "--user", required = true, description = "the user name, put in CN")
    String user;

    @Option(names = "--domain", description = "the user's domain, put in OU")
    Optional<String> domain;

    @Option(names = "--days", defaultValue = "365", description = "validity in days (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--key-type", defaultValue = "ec-p256", description = "ec-p256, rsa-2048 or rsa-3072")
    String keyType;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the files (default: DIR/clients)")
    Path out;

    @Override
    public Integer call() throws IOException {
      CertificateAuthority ca = location.open();
      IssuedCertificate issued = ca.issueClient(user, domain, days, KeyType.parse(keyType));
      Path target = out != null ? out : location.dir.resolve("clients");
      Path certificate = target.resolve(user + ".pem");
      issued.writeTo(certificate, target.resolve(user + "-key.pem"));
      System.out.println("issued " + issued.certificate().getSubjectX500Principal().getName()
          + " serial " + issued.certificate().getSerialNumber().toString(16).toUpperCase() + " -> " + certificate);
      return 0;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a certificate by its serial number (hex) and publish the new CRL.")
  static final class Revoke implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    Location location;

    @Parameters(paramLabel = "SERIAL", description = "the serial number in hex, as openssl x509 -serial prints it")
    String serial;

    @Override
    public Integer call() throws IOException {
      BigInteger number;
      try {
        number = new BigInteger(serial.replace(":", "").replaceFirst("(?i)^serial=", ""), 16);
      } catch (NumberFormatException e) {
        throw new StartupException("not a hexadecimal serial number: " + serial, e);
      }
      CertificateAuthority ca = location.open();
      ca.revoke(number);
      System.out.println("revoked serial " + number.toString(16).toUpperCase() + "; CRL "
          + location.dir.resolve(CertificateAuthority.CRL_FILE));
      return 0;
    }
  }
}
