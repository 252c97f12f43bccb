package io.tokenless.demo.flows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenless.demo.services.ServiceIdentity;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.web.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo user's credential, as read from a {@code tokenless dev} data directory, and what it
 * takes to put it on a request. Prints each step; never prints the credential itself.
 */
final class UserLogin {
  private final AuthKind kind;
  private final String user;
  private final Path dataDir;
  private final URI base;
  private final HttpClient http;
  private String project = "demo";
  private SpnegoClient.Exchange kerberos;
  private String token;

  private UserLogin(AuthKind kind, String user, Path dataDir, URI base, HttpClient http) {
    this.kind = kind;
    this.user = user;
    this.dataDir = dataDir;
    this.base = base;
    this.http = http;
  }

  /** The login; certificates go to {@code tlsUrl}, the rest to {@code url}. */
  static UserLogin of(AuthKind kind, String user, Path dataDir, URI url, URI tlsUrl) {
    if (kind == AuthKind.cert) {
      return new UserLogin(kind, user, dataDir, tlsUrl, HttpClient.newBuilder()
          .sslContext(ServiceIdentity.sslContext(Optional.of(dataDir.resolve("pki/clients/" + user + ".pem")),
              Optional.of(dataDir.resolve("pki/clients/" + user + "-key.pem")), dataDir.resolve("pki/ca.pem")))
          .connectTimeout(Duration.ofSeconds(5)).build());
    }
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (url.getScheme().equals("https")) {
      // Kerberos and tokens over HTTPS: trust the dev CA, show no certificate.
      client.sslContext(ServiceIdentity.sslContext(Optional.empty(), Optional.empty(), dataDir.resolve("pki/ca.pem")));
    }
    return new UserLogin(kind, user, dataDir, url, client.build());
  }

  /** The project (in the Default domain) a password login asks its token to be scoped to. */
  UserLogin scopedTo(String projectName) {
    this.project = projectName;
    return this;
  }

  URI base() {
    return base;
  }

  HttpClient http() {
    return http;
  }

  /** The challenge this login answers, as it appears in {@code WWW-Authenticate}. */
  String scheme() {
    return switch (kind) {
      case kerberos -> "Negotiate";
      case cert -> "(TLS client certificate)";
      case password -> "Keystone";
    };
  }

  /** Adds the credential to {@code request}, saying what it sends. */
  void authenticate(HttpRequest.Builder request, PrintWriter out) {
    switch (kind) {
      case kerberos -> {
        String principal = user + "@EXAMPLE.COM";
        SpnegoClient client = SpnegoClient.fromKeytab(principal, dataDir.resolve("keytabs/" + user + ".keytab"));
        String acceptor = "HTTP/" + base.getHost();
        kerberos = client.begin(acceptor, SpnegoClient.Mechanism.SPNEGO);
        out.printf("   %s logs in from its keytab and gets a service ticket for %s@EXAMPLE.COM from the KDC%n",
            principal, acceptor);
        out.printf("   sends Authorization: Negotiate <SPNEGO token with the AP-REQ, %d bytes>%n",
            kerberos.token().length);
        request.header("Authorization", kerberos.header());
      }
      case cert -> out.printf("   presents %s in the TLS handshake with %s (mutual TLS; no header carries a credential)%n",
          dataDir.resolve("pki/clients/" + user + ".pem"), base.getAuthority());
      case password -> {
        if (token == null) {
          token = issueToken(out);
        }
        out.println("   sends X-Auth-Token: <the Fernet token>");
        request.header("X-Auth-Token", token);
      }
    }
  }

  /** After a success, checks what the server proved in return (Kerberos mutual authentication). */
  void checkReply(HttpResponse<?> response, PrintWriter out) {
    if (kind != AuthKind.kerberos || kerberos == null) {
      return;
    }
    Optional<String> reply = response.headers().allValues("WWW-Authenticate").stream()
        .filter(value -> value.startsWith("Negotiate ")).findFirst();
    if (reply.isPresent() && kerberos.verifyReply(reply.get())) {
      out.println("   mutual authentication: the server's Negotiate reply verifies; it holds the HTTP keytab");
    } else {
      out.println("   mutual authentication: no verifiable Negotiate reply from the server");
    }
  }

  private String issueToken(PrintWriter out) {
    String password = password(dataDir.resolve("credentials.txt"), user);
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode identity = body.putObject("auth").putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode userNode = identity.putObject("password").putObject("user");
    userNode.put("name", user);
    userNode.putObject("domain").put("id", "default");
    userNode.put("password", password);
    ObjectNode scope = body.with("auth").putObject("scope").putObject("project");
    scope.put("name", project);
    scope.putObject("domain").put("id", "default");
    URI tokens = base.resolve("/v3/auth/tokens");
    out.printf("   POST %s with %s's password, scoped to project %s (legacy Keystone flow)%n", tokens, user, project);
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokens)
          .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
          .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
      Optional<String> token = response.headers().firstValue("X-Subject-Token");
      if (response.statusCode() != 201 || token.isEmpty()) {
        throw new DemoFailure("the token endpoint answered " + response.statusCode() + " (is the token API available?)");
      }
      out.println("   <- 201 Created, X-Subject-Token: <a Fernet token>");
      return token.get();
    } catch (IOException e) {
      throw new DemoFailure("POST " + tokens + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoFailure("interrupted");
    }
  }

  private static String password(Path file, String user) {
    try {
      for (String line : Files.readAllLines(file)) {
        String[] parts = line.strip().split("[\\s:=]+", 2);
        if (parts.length == 2 && parts[0].equals(user) && !line.startsWith("#")) {
          return parts[1];
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    throw new DemoFailure("no password for " + user + " in " + file);
  }
}
