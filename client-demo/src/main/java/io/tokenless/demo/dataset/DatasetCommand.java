package io.tokenless.demo.dataset;

import io.tokenless.auth.x509.CertificateAttributes;
import io.tokenless.pki.Pem;
import io.tokenless.roles.store.PasswordHasher;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client-demo dataset}: loads a generated, Keystone-shaped role data set into a Tokenless
 * database (already migrated: a dev server's, or one {@code tokenless db migrate} prepared), binds
 * a service caller to the principals given, and writes the questions a benchmark asks about it.
 * Exit status: 0 when loaded, 2 for a bad option, 1 when the database refused the load.
 */
@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Load a seeded role data set (users, groups, a 3-level project tree, roles with implications,",
        "assignments of every kind) into a Tokenless database with COPY, and write lookup questions about it.",
        "--scale 1: 10,000 users, 1,000 groups, 2,000 projects, 5 domains, 100 roles, 200,000 assignments."})
public final class DatasetCommand implements Callable<Integer> {

  @Option(names = "--jdbc-url", required = true, description = "jdbc:postgresql://host:port/database")
  String jdbcUrl;

  @Option(names = "--db-user", defaultValue = "tokenless", description = "login role (default: ${DEFAULT-VALUE})")
  String dbUser;

  @Option(names = "--db-password-env", paramLabel = "VAR",
      description = "environment variable holding the login role's password (default: none)")
  String dbPasswordEnv;

  @Option(names = "--scale", defaultValue = "1",
      description = "multiplies users, groups, projects and assignments (0.1: 20k assignments, 10: 2M)")
  double scale;

  @Option(names = "--seed", defaultValue = "42", description = "the same seed gives the same data (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--caller", defaultValue = "ds-lookup-service",
      description = "name of the service user created to call /v1/lookup (default: ${DEFAULT-VALUE})")
  String caller;

  @Option(names = "--bind-cert", paramLabel = "PEM",
      description = "bind this client certificate (by SHA-256 fingerprint) to the caller; repeatable")
  List<Path> bindCerts = new ArrayList<>();

  @Option(names = "--bind-kerberos", paramLabel = "PRINCIPAL",
      description = "bind this Kerberos principal (name@REALM) to the caller; repeatable")
  List<String> bindKerberos = new ArrayList<>();

  @Option(names = "--caller-password-env", paramLabel = "VAR",
      description = "environment variable holding a password for the caller (Keystone password auth)")
  String callerPasswordEnv;

  @Option(names = "--lookup-urls", paramLabel = "FILE",
      description = "write --lookups request targets /v1/lookup?user_id=…&project_id=… here, one a line")
  Path lookupUrls;

  @Option(names = "--lookups", defaultValue = "200000", description = "how many (default: ${DEFAULT-VALUE})")
  int lookups;

  @Option(names = "--batch-file", paramLabel = "FILE",
      description = "write --batches POST /v1/lookup bodies of --batch-size queries here, one a line")
  Path batchFile;

  @Option(names = "--batches", defaultValue = "2000", description = "how many (default: ${DEFAULT-VALUE})")
  int batches;

  @Option(names = "--batch-size", defaultValue = "100", description = "queries per body (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Override
  public Integer call() {
    try {
      return run();
    } catch (IllegalArgumentException e) {
      System.err.println("client-demo dataset: " + e.getMessage());
      return 2;
    } catch (SQLException | IOException e) {
      System.err.println("client-demo dataset: load failed: " + e.getMessage());
      return 1;
    }
  }

  private int run() throws SQLException, IOException {
    if (lookups < 0 || batches < 0 || batchSize < 1 || batchSize > 1000) {
      throw new IllegalArgumentException("--lookups and --batches must not be negative; --batch-size 1 to 1000");
    }
    DatasetShape shape = DatasetShape.scaled(scale);
    long started = System.nanoTime();
    RoleDataset data = RoleDataset.generate(shape, seed);
    ServiceCaller serviceCaller = serviceCaller();
    double generated = seconds(started);
    DatasetLoader.Loaded loaded;
    try (Connection connection = DriverManager.getConnection(jdbcUrl, dbUser, secret(dbPasswordEnv).orElse(""))) {
      loaded = new DatasetLoader(connection).load(data, serviceCaller);
    }
    System.out.printf(Locale.ROOT, "loaded %,d domains, %,d users, %,d groups (%,d memberships), %,d projects, "
            + "%,d roles (%,d implications), %,d assignments in %.1f s (drawn in %.1f s); revision %d%n",
        shape.domains(), shape.users(), shape.groups(), data.memberships.length, shape.projects(), shape.roles(),
        data.implications.length, data.assignments.length, seconds(started), generated, loaded.revision());
    System.out.printf(Locale.ROOT, "caller %s: user id %s, service on project %s, %d principal(s) bound%n",
        caller, loaded.callerUserId(), loaded.callerProjectId(), serviceCaller.bindings().size());
    LookupQueries queries = new LookupQueries(data, seed + 1);
    if (lookupUrls != null) {
      queries.writeUrls(lookupUrls, lookups);
      System.out.printf(Locale.ROOT, "wrote %,d lookup URLs to %s%n", lookups, lookupUrls);
    }
    if (batchFile != null) {
      queries.writeBatches(batchFile, batches, batchSize);
      System.out.printf(Locale.ROOT, "wrote %,d batches of %d queries to %s%n", batches, batchSize, batchFile);
    }
    return 0;
  }

  private ServiceCaller serviceCaller() throws IOException {
    List<ServiceCaller.Binding> bindings = new ArrayList<>();
    for (Path pem : bindCerts) {
      List<X509Certificate> certificates = Pem.readCertificates(pem);
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("--bind-cert: no certificate in " + pem);
      }
      // The resolver looks a certificate up by fingerprint first: exact, whatever its subject says.
      bindings.add(new ServiceCaller.Binding("x509", "sha256:" + CertificateAttributes.sha256(certificates.get(0))));
    }
    for (String principal : bindKerberos) {
      bindings.add(new ServiceCaller.Binding("kerberos", principal));
    }
    Optional<String> hash = secret(callerPasswordEnv)
        .map(password -> new PasswordHasher(10).hash(password.toCharArray()));
    // The caller's ids come from the seed as well, so reloading the same seed is reproducible.
    Random ids = new Random(seed ^ 0x5eed5eedL);
    return new ServiceCaller(caller, RoleDataset.hexId(ids), RoleDataset.hexId(ids), RoleDataset.hexId(ids), hash,
        bindings);
  }

  private static Optional<String> secret(String variable) {
    if (variable == null) {
      return Optional.empty();
    }
    String value = System.getenv(variable);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(variable + " is not set");
    }
    return Optional.of(value);
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
