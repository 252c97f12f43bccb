package io.tokenless.demo.load;

import io.tokenless.auth.kerberos.KerberosSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SPNEGO load against a real KDC (Kerby, in this JVM) and a real JGSS acceptor behind Undertow:
 * every request must carry a token the acceptor has not seen (its replay cache refuses a
 * second copy), and the data directory is laid out as {@code tokenless dev} writes it.
 */
class SpnegoLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REALM = "EXAMPLE.COM";

  @TempDir
  static Path dataDir;

  static SimpleKdcServer kdc;
  static Subject service;

  @BeforeAll
  static void startKdc() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    kdc = new SimpleKdcServer();
    kdc.setWorkDir(Files.createDirectories(dataDir.resolve("kdc")).toFile());
    kdc.setKdcRealm(REALM);
    kdc.setKdcHost("localhost");
    kdc.setAllowUdp(false);
    kdc.setAllowTcp(true);
    kdc.setKdcTcpPort(port);
    kdc.init();
    kdc.start();
    kdc.createPrincipal("alice@" + REALM, "alice-pw");
    kdc.createPrincipal("HTTP/localhost@" + REALM, "service-pw");
    Path keytabs = Files.createDirectories(dataDir.resolve("keytabs"));
    kdc.exportPrincipal("alice@" + REALM, keytabs.resolve("alice.keytab").toFile());
    kdc.exportPrincipal("HTTP/localhost@" + REALM, keytabs.resolve("http.keytab").toFile());
    Files.writeString(dataDir.resolve("krb5.conf"), String.join("\n",
        "[libdefaults]",
        "  default_realm = " + REALM,
        "  udp_preference_limit = 1",
        "  dns_lookup_kdc = false",
        "  dns_lookup_realm = false",
        "[realms]",
        "  " + REALM + " = {",
        "    kdc = localhost:" + port,
        "  }",
        "[domain_realm]",
        "  localhost = " + REALM,
        ""));
    KerberosSettings.apply(dataDir.resolve("krb5.conf"), KerberosSettings.DEFAULT_CLOCK_SKEW);
    service = acceptorLogin(keytabs.resolve("http.keytab"));
  }

  @AfterAll
  static void stopKdc() throws Exception {
    kdc.stop();
  }

  @Test
  void everyRequest_carriesAFreshTokenTheAcceptorTakes() throws Exception {
    AtomicLong accepted = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    Undertow server = Undertow.builder().setIoThreads(1).setWorkerThreads(4)
        .addHttpListener(0, "127.0.0.1")
        .setHandler(exchange -> {
          if (exchange.isInIoThread()) {
            exchange.dispatch(() -> accept(exchange, accepted, refused, tokens));
          }
        })
        .build();
    server.start();
    try {
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      JsonNode run = load("--mechanism", "spnego", "--data-dir", dataDir.toString(), "--user", "alice",
          "--url", "http://localhost:" + port + "/whoami", "--duration", "1s", "--warmup", "0", "-c", "2");

      long requests = run.path("requests").asLong();
      assertThat(requests).isPositive();
      assertThat(run.path("status_counts").path("200").asLong()).isEqualTo(requests);
      assertThat(refused.get()).isZero();
      // The set-up check minted one token before the run, which never reached the server.
      assertThat(accepted.get()).isEqualTo(requests);
      assertThat(tokens).hasSize((int) requests);
    } finally {
      server.stop();
    }
  }

  @Test
  void mintOnly_reportsTokensPerSecondWithoutAServer() throws Exception {
    JsonNode run = load("--mechanism", "spnego", "--mint-only", "--data-dir", dataDir.toString(),
        "--url", "http://localhost:9/", "--duration", "1s", "--warmup", "200ms", "-c", "1");

    assertThat(run.path("mode").asText()).isEqualTo("mint-only");
    assertThat(run.path("requests").asLong()).isPositive();
    assertThat(run.path("io_errors").size()).isZero();
    assertThat(run.path("latency_ms").path("p50").asDouble()).isPositive();
  }

  private static void accept(HttpServerExchange exchange, AtomicLong accepted, AtomicLong refused,
      Set<String> tokens) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Negotiate ")) {
      refused.incrementAndGet();
      exchange.setStatusCode(401);
      exchange.endExchange();
      return;
    }
    tokens.add(header);
    byte[] token = Base64.getDecoder().decode(header.substring("Negotiate ".length()));
    try {
      String client = Subject.doAs(service, (PrivilegedExceptionAction<String>) () -> {
        GSSContext context = GSSManager.getInstance().createContext((GSSCredential) null);
        try {
          context.acceptSecContext(token, 0, token.length);
          return context.isEstablished() ? context.getSrcName().toString() : null;
        } finally {
          context.dispose();
        }
      });
      if (("alice@" + REALM).equals(client)) {
        accepted.incrementAndGet();
        exchange.getResponseSender().send(client + "\n");
        return;
      }
    } catch (Exception e) {
      // A refused token (a replay, a wrong key) is what the counter below records.
    }
    refused.incrementAndGet();
    exchange.setStatusCode(401);
    exchange.endExchange();
  }

  private static Subject acceptorLogin(Path keytab) throws Exception {
    Map<String, String> options = Map.of("useKeyTab", "true", "keyTab", keytab.toString(),
        "principal", "HTTP/localhost@" + REALM, "storeKey", "true", "isInitiator", "false", "doNotPrompt", "true");
    Configuration configuration = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
      }
    };
    LoginContext login = new LoginContext("acceptor", new Subject(), null, configuration);
    login.login();
    return login.getSubject();
  }

  private static JsonNode load(String... args) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--json"))
        .toArray(String[]::new);
    int code = new CommandLine(new LoadCommand(out)).execute(all);
    String text = bytes.toString(StandardCharsets.UTF_8).strip();
    assertThat(code).as(text).isZero();
    return JSON.readTree(text.substring(text.lastIndexOf('\n') + 1));
  }
}
