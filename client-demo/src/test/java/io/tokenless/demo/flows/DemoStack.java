package io.tokenless.demo.flows;

import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.config.DatabaseConfig;
import io.tokenless.config.FernetConfig;
import io.tokenless.config.GatewayConfig;
import io.tokenless.config.KerberosConfig;
import io.tokenless.config.MappingConfig;
import io.tokenless.config.ServerConfig;
import io.tokenless.config.TlsConfig;
import io.tokenless.config.TokenlessConfig;
import io.tokenless.db.Database;
import io.tokenless.demo.services.DemoServices;
import io.tokenless.demo.services.ServiceIdentity;
import io.tokenless.kdc.TestKdc;
import io.tokenless.mapping.AttributeCondition;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.MappingRule;
import io.tokenless.mapping.MappingRules;
import io.tokenless.pki.DevPki;
import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Principal;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Role;
import io.tokenless.roles.model.Target;
import io.tokenless.roles.model.User;
import io.tokenless.roles.store.RoleStore;
import io.tokenless.server.TokenlessServer;
import io.tokenless.testing.TestDatabase;
import io.tokenless.fernet.KeyRepository;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole demo on real parts: the JVM's test KDC, a PostgreSQL database, a dev CA, the
 * Tokenless server in gateway mode on 127.0.0.1, and the three demo services behind it. The
 * data directory has the layout of {@code tokenless dev}'s, so the commands run against it.
 *
 * <p>Users: {@code alice} (member on demo), {@code carol} (no role on demo), {@code compute}
 * (service on project service). Routes: {@code /compute/}, {@code /image/}, {@code /network/}
 * with policies, {@code /dead/} pointing at a closed port and {@code /silent/} at a socket that
 * accepts connections and never answers.
 */
final class DemoStack implements AutoCloseable {
  static final List<String> USERS = List.of("alice", "carol", "compute");

  final Path dataDir;
  final Path auditFile;
  final URI url;
  final URI tlsUrl;
  final Map<String, String> userIds;
  private final DemoServices services;
  private final TokenlessServer server;
  private final ServerSocket silent;

  private DemoStack(Path dataDir, Path auditFile, URI url, URI tlsUrl, Map<String, String> userIds,
      DemoServices services, TokenlessServer server, ServerSocket silent) {
    this.silent = silent;
    this.dataDir = dataDir;
    this.auditFile = auditFile;
    this.url = url;
    this.tlsUrl = tlsUrl;
    this.userIds = userIds;
    this.services = services;
    this.server = server;
  }

  static DemoStack start(TestDatabase database, Path dataDir) throws IOException {
    TestKdc kdc = TestKdc.shared();
    Path krb5 = Files.copy(kdc.krb5Conf(), dataDir.resolve("krb5.conf"));
    KerberosSettings.apply(krb5, KerberosSettings.DEFAULT_CLOCK_SKEW);
    Files.createDirectories(dataDir.resolve("keytabs"));
    for (String user : USERS) {
      secret(kdc.exportKeytab(dataDir.resolve("keytabs/" + user + ".keytab"), kdc.ensurePrincipal(user)));
    }
    Path httpKeytab = secret(kdc.exportKeytab(dataDir.resolve("keytabs/HTTP-localhost.keytab"),
        kdc.ensurePrincipal("HTTP/localhost")));
    DevPki pki = DevPki.ensure(dataDir.resolve("pki"), USERS, List.of());
    Files.createDirectories(dataDir.resolve("fernet-keys"));
    new KeyRepository(dataDir.resolve("fernet-keys")).setup();

    int httpPort = freePort();
    int tlsPort = freePort();
    URI url = URI.create("http://localhost:" + httpPort);
    URI tlsUrl = URI.create("https://localhost:" + tlsPort);
    DemoServices services = DemoServices.start("127.0.0.1", DemoServices.Ports.ANY,
        ServiceIdentity.kerberos("compute@EXAMPLE.COM", dataDir.resolve("keytabs/compute.keytab"), url));
    Path audit = dataDir.resolve("audit.jsonl");
    ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    TokenlessConfig config = new TokenlessConfig(
        new ServerConfig("127.0.0.1", httpPort, url, null),
        new TlsConfig("127.0.0.1", tlsPort, pki.serverCertificate(), pki.serverKey(), pki.caFile(),
            List.of(pki.crlFile()), TlsConfig.ClientAuth.requested, false, List.of()),
        new DatabaseConfig(database.jdbcUrl(), database.user(), database.password(), 4),
        new KerberosConfig(httpKeytab, List.of("HTTP/localhost@EXAMPLE.COM"), krb5, 300, null),
        new FernetConfig(dataDir.resolve("fernet-keys"), null, null),
        null, null, null, new MappingConfig(mapping()),
        new GatewayConfig(routes(services.ports(), silent.getLocalPort()), new GatewayConfig.Audit(audit, false), null, 3_000));
    TokenlessServer server;
    try {
      server = TokenlessServer.start(config);
    } catch (RuntimeException e) {
      services.close();
      silent.close();
      throw e;
    }
    Map<String, String> ids = seed(config.database());
    // As tokenless dev writes it: one "user password" line each.
    Files.writeString(dataDir.resolve("credentials.txt"),
        String.join("\n", USERS.stream().map(user -> user + " " + user + "-demo-password").toList()) + "\n");
    return new DemoStack(dataDir, audit, url, tlsUrl, ids, services, server, silent);
  }

  private static List<GatewayConfig.Route> routes(DemoServices.Ports ports, int silentPort) throws IOException {
    return List.of(
        new GatewayConfig.Route("/compute/", URI.create("http://127.0.0.1:" + ports.compute() + "/"), List.of(
            new GatewayConfig.Rule("POST", "/servers/**", "member"),
            new GatewayConfig.Rule("*", "/**", "reader"))),
        new GatewayConfig.Route("/image/", URI.create("http://127.0.0.1:" + ports.image() + "/"), List.of(
            new GatewayConfig.Rule("GET", "/**", "reader"))),
        new GatewayConfig.Route("/network/", URI.create("http://127.0.0.1:" + ports.network() + "/"), List.of(
            new GatewayConfig.Rule("POST", "/ports", "member"),
            new GatewayConfig.Rule("GET", "/**", "reader"))),
        new GatewayConfig.Route("/dead/", URI.create("http://127.0.0.1:" + freePort() + "/"), null),
        new GatewayConfig.Route("/silent/", URI.create("http://127.0.0.1:" + silentPort + "/"), null));
  }

  /** Kerberos principals of the realm and dev CA certificates (CN user, OU domain), as {@code tokenless dev} maps them. */
  private static List<MappingRule> mapping() {
    List<MappingRule> rules = new ArrayList<>(MappingRules.kerberosRealms(Map.of("EXAMPLE.COM", DomainRef.byId("default"))));
    rules.add(MappingRule.of("dev CA certificates",
        List.of(AttributeCondition.present("SSL_CLIENT_S_DN_CN"), AttributeCondition.present("SSL_CLIENT_S_DN_OU")),
        "{SSL_CLIENT_S_DN_CN}", DomainRef.byName("{SSL_CLIENT_S_DN_OU}")));
    return rules;
  }

  private static Map<String, String> seed(DatabaseConfig databaseConfig) {
    try (Database database = Database.open(databaseConfig)) {
      RoleStore store = RoleStore.create(database.dataSource(), new RoleStore.Options(4, Set.of("admin")));
      Domain domain = store.domains().findByName("Default")
          .orElseGet(() -> store.domains().create(new Domain(Ids.DEFAULT_DOMAIN, "Default", "default", true)));
      Project demo = store.projects().create(new Project(Ids.random(), "demo", domain.id(), null, null, true));
      Project service = store.projects().create(new Project(Ids.random(), "service", domain.id(), null, null, true));
      Role member = role(store, "member");
      Role reader = role(store, "reader");
      Role serviceRole = role(store, "service");
      store.roles().addImplied(member.id(), reader.id());
      Map<String, String> ids = new HashMap<>();
      for (String name : USERS) {
        Project home = name.equals("compute") ? service : demo;
        User user = store.users().create(new User(Ids.random(), name, domain.id(), true, home.id(), null, null),
            (name + "-demo-password").toCharArray());
        store.users().bindPrincipal(user.id(), Principal.kerberos(name + "@EXAMPLE.COM"));
        ids.put(name, user.id());
      }
      ids.put("demo", demo.id());
      store.assignments().grant(new Assignment(member.id(), Actor.user(ids.get("alice")), Target.project(demo.id()), false));
      store.assignments().grant(new Assignment(serviceRole.id(), Actor.user(ids.get("compute")),
          Target.project(service.id()), false));
      return Map.copyOf(ids);
    }
  }

  private static Role role(RoleStore store, String name) {
    return store.roles().findByName(null, name)
        .orElseGet(() -> store.roles().create(new Role(Ids.random(), name, null, null)));
  }

  private static Path secret(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.close();
    services.close();
    try {
      silent.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
