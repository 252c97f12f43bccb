package io.tokenless.dev;

import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.KerberosConfig;
import io.tokenless.config.MappingConfig;
import io.tokenless.mapping.AttributeCondition;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.MappingRule;
import io.tokenless.mapping.MappingRules;
import io.tokenless.config.TlsConfig;
import io.tokenless.db.Database;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.keystone.importer.KeystoneImports;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.kdc.DevKdc;
import io.tokenless.pki.DevPki;
import io.tokenless.pki.KeyType;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.server.Resources;
import io.tokenless.server.TokenlessServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code tokenless dev} runs, prepared in one data directory: embedded PostgreSQL,
 * the Fernet key repository, and the server on top. Closing it stops all of them in reverse
 * order, so no PostgreSQL or KDC process outlives the dev server.
 */
public final class DevEnvironment implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DevEnvironment.class);

  /**
   * Kerberos principals of the realm without instance are users of the default domain (demo
   * users are also bound to their principals); a certificate names its user in CN and the
   * user's domain in OU, as the dev CA issues them.
   */
  private static final List<MappingRule> DEV_MAPPING = concat(
      MappingRules.kerberosRealms(Map.of(DevKdc.REALM, DomainRef.byId("default"))),
      List.of(MappingRule.of("dev CA certificates",
          List.of(AttributeCondition.present("SSL_CLIENT_S_DN_CN"), AttributeCondition.present("SSL_CLIENT_S_DN_OU")),
          "{SSL_CLIENT_S_DN_CN}", DomainRef.byName("{SSL_CLIENT_S_DN_OU}"))));

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }

  private final DevOptions options;
  /** The dev PKI's key type, as {@code --key-type} names it ("other" for a CA made elsewhere). */
  private final String keyType;
  private final Resources resources;
  private final TokenlessServer server;

  private DevEnvironment(DevOptions options, String keyType, Resources resources, TokenlessServer server) {
    this.options = options;
    this.keyType = keyType;
    this.resources = resources;
    this.server = server;
  }

  public static DevEnvironment start(DevOptions options) {
    Resources resources = new Resources();
    try {
      Path dir = options.dataDir();
      Files.createDirectories(dir);
      // The PKI first: a key type that does not fit an existing PKI fails before anything starts.
      DevPki pki = ensurePki(dir.resolve("pki"), options.keyType());
      EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("postgres"));
      resources.add(database);

      DevCredentials credentials = DevCredentials.ensure(dir.resolve("credentials.txt"), DemoUsers.ALL,
          Optional.ofNullable(System.getenv("TOKENLESS_DEV_PASSWORD")).filter(p -> !p.isEmpty()));
      DevKdc kdc = DevKdc.start(dir, options.kdcPort(), credentials.of(DemoUsers.KERBEROS), List.of());
      resources.add(kdc);

      Path fernetKeys = dir.resolve("fernet-keys");
      KeyRepository keys = new KeyRepository(fernetKeys);
      if (options.fernetKeys().isPresent()) {
        copyKeys(options.fernetKeys().get(), fernetKeys);
      } else if (!Files.isDirectory(fernetKeys) || isEmpty(fernetKeys)) {
        keys.setup();
      }

      TokenlessConfig config = config(options, pki, new DatabaseConfig(database.jdbcUrl(), "postgres", "", 10),
          new KerberosConfig(kdc.httpKeytab(), List.of(DevKdc.HTTP_LOCALHOST + "@" + DevKdc.REALM), kdc.krb5Conf(),
              300, null),
          fernetKeys);
      seed(config, credentials, options.importKeystone(), dir.resolve("keystone-import.done"));
      TokenlessServer server = TokenlessServer.start(config);
      resources.add(server);
      return new DevEnvironment(options, pki.keyType().map(KeyType::label).orElse("other"), resources, server);
    } catch (IOException e) {
      resources.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
  }

  /**
   * The server's configuration in dev mode: both listeners on 127.0.0.1, client certificates
   * requested from the dev CA (its CRL checked), the dev mapping rules; no Kerberos when
   * {@code kerberos} is null.
   */
  static TokenlessConfig config(DevOptions options, DevPki pki, DatabaseConfig database, KerberosConfig kerberos,
      Path fernetKeys) {
    URI publicUrl = URI.create("http://localhost:" + options.port());
    return new TokenlessConfig(
        new ServerConfig("127.0.0.1", options.port(), publicUrl, null),
        new TlsConfig("127.0.0.1", options.tlsPort(), pki.serverCertificate(), pki.serverKey(), pki.caFile(),
            List.of(pki.crlFile()), TlsConfig.ClientAuth.requested, false, List.of()),
        database, kerberos, new FernetConfig(fernetKeys, 3, 3600),
        null, null, null, new MappingConfig(DEV_MAPPING),
        options.withDemo() ? DemoRoutes.gateway(options.dataDir()) : null);
  }

  /**
   * The dev CA, the server certificate and the demo users' certificates, all with keys of one
   * type; see {@link DevOptions#keyType()}.
   */
  static DevPki ensurePki(Path directory, Optional<KeyType> keyType) throws IOException {
    DevPki pki = DevPki.ensure(directory, DemoUsers.DEFAULT_DOMAIN_USERS, List.of(DemoUsers.REVOKED),
        Optional.of(DevPki.DEFAULT_DOMAIN), keyType);
    DevPki.ensure(directory, DemoUsers.CORP_USERS, List.of(), Optional.of("corp"), keyType);
    return pki;
  }

  /** Demo data, or, when asked, a Keystone export loaded once into a fresh data directory. */
  private static void seed(TokenlessConfig config, DevCredentials credentials, Optional<Path> keystoneExport,
      Path importedMarker) throws IOException {
    try (Database database = Database.open(config.database())) {
      database.migrate();
      if (keystoneExport.isEmpty()) {
        RoleStore store = RoleStore.create(database.dataSource(),
            new RoleStore.Options(config.passwords().bcryptCost(), Set.of("admin")));
        new DemoData(store, credentials).apply();
      } else if (!Files.exists(importedMarker)) {
        var summary = KeystoneImports.importFile(database.dataSource(), config, keystoneExport.get());
        Files.writeString(importedMarker, keystoneExport.get() + ": " + summary + "\n");
        log.info("imported {}: {}", keystoneExport.get(), summary);
      }
    }
  }

  /**
   * Copies a key repository (Keystone's files may be readable by others, which the server
   * refuses) into the data directory with owner-only permissions, replacing what was there.
   */
  private static void copyKeys(Path source, Path target) throws IOException {
    Files.createDirectories(target);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    try (var old = Files.list(target)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    try (var keys = Files.list(source)) {
      for (Path key : keys.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        Path copy = target.resolve(key.getFileName());
        Files.copy(key, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
      }
    }
  }

  private static boolean isEmpty(Path directory) throws IOException {
    try (var entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Prints what to try, then the ready line scripts wait for. */
  public void printWelcome(PrintStream out) {
    Path dir = options.dataDir();
    // The bound ports: with --port 0 or --tls-port 0 the system picked them.
    String http = "http://localhost:" + server.httpPort();
    String https = "https://localhost:" + server.httpsPort();
    out.println();
    out.println("Tokenless dev server; state in " + dir + " (demo passwords in " + dir.resolve("credentials.txt") + ")");
    out.println();
    out.println("Kerberos (realm EXAMPLE.COM):");
    out.println("  export KRB5_CONFIG=" + dir.resolve("krb5.conf"));
    out.println("  kinit -kt " + dir.resolve("keytabs/alice.keytab") + " alice");
    out.println("  curl --negotiate -u : -H 'X-Project-Name: demo' " + http + "/v1/auth/whoami");
    out.println();
    out.println("Client certificate (" + keyType + " keys):");
    out.println("  curl --cert " + dir.resolve("pki/clients/alice.pem") + " --key " + dir.resolve("pki/clients/alice-key.pem")
        + " --cacert " + dir.resolve("pki/ca.pem") + " " + https + "/v1/auth/whoami");
    out.println();
    out.println("Keystone clients:");
    out.println("  openstack --os-auth-url " + http + "/v3 --os-identity-api-version 3 --os-username alice \\");
    out.println("    --os-user-domain-id default --os-project-name demo --os-project-domain-id default \\");
    out.println("    --os-password \"$(awk '$1==\"alice\"{print $2}' " + dir.resolve("credentials.txt") + ")\" token issue");
    out.println();
    if (options.withDemo()) {
      out.println("Demo services behind the gateway (audit log in " + dir.resolve("audit.jsonl") + "):");
      out.println("  ./client-demo.sh services --data-dir " + dir);
      out.println("  ./client-demo.sh create-server --auth kerberos --project demo --data-dir " + dir + " --url " + http);
      out.println();
    }
    out.println("tokenless ready: " + http + " " + https);
  }

  public int httpPort() {
    return server.httpPort();
  }

  @Override
  public void close() {
    resources.close();
  }

}
