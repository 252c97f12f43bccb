package io.tokenless.robust;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.robust.RunningServer.Reply;
import io.tokenless.roles.model.ApplicationCredential;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Trust;
import io.tokenless.testing.PostgresExtension;
import io.tokenless.testing.TestDatabase;
import io.tokenless.web.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs the flows a server sees every day with every log line of the server captured at DEBUG,
 * then looks for the secrets that passed through it: passwords, application credential secrets,
 * Fernet key file contents, issued tokens, {@code Authorization} and {@code X-Auth-Token} values (whole, or any 24-character piece of
 * them, so a truncated token counts too).
 */
@ExtendWith(PostgresExtension.class)
class SecretsInLogsTest {
  private static final int WINDOW = 24;

  @Test
  void noPasswordKeyTokenOrAuthorizationValue_appearsInAnyLogLine(TestDatabase database, @TempDir Path dir)
      throws IOException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger tokenless = context.getLogger("io.tokenless");
    Logger undertow = context.getLogger("io.undertow");
    Level tokenlessLevel = tokenless.getLevel();
    Level undertowLevel = undertow.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(captured);
    tokenless.setLevel(Level.DEBUG);
    undertow.setLevel(Level.DEBUG);

    List<String> secrets = new ArrayList<>();
    try (RunningServer running = new RunningServer(database, dir)) {
      try (Stream<Path> keys = Files.list(running.fernetKeys)) {
        for (Path key : keys.toList()) {
          secrets.add(Files.readString(key).strip());
        }
      }
      assertThat(secrets).as("Fernet keys written at setup").hasSizeGreaterThanOrEqualTo(2);

      // SPNEGO: a good login, then the same token replayed (a failure the log explains).
      String authorization = running.adminAuthorization();
      secrets.add(authorization.substring("Negotiate ".length()));
      Reply whoami = running.sendWithAuthorization("GET", "/v1/auth/whoami", authorization);
      Reply replay = running.sendWithAuthorization("GET", "/v1/auth/whoami", authorization);
      assertThat(whoami.status()).isEqualTo(200);
      assertThat(replay.status()).isEqualTo(401);

      // Garbage after Negotiate, and a bearer token the server does not accept.
      String garbage = "YIIB" + "q".repeat(60) + "Zm9yZ2VkLXRpY2tldA";
      secrets.add(garbage);
      assertThat(running.sendWithAuthorization("GET", "/v1/auth/whoami", "Negotiate " + garbage).status())
          .isEqualTo(401);
      String fernetLike = "gAAAAABrA1-DsYiYO3tZPIUsZB4eJpPkzQ0GdP44mhG5jyJC8n1dPw8qkfYzI71s2TP0xuIBn-L1oRZu91pq";
      secrets.add(fernetLike);
      assertThat(running.sendWithHeaders("GET", "/v3/domains", Map.of("X-Auth-Token", fernetLike)).status())
          .isEqualTo(401);

      // Passwords: a user created with one, a password change, a bad change.
      String first = "Tr0ub4dor&3-first-password";
      String second = "correct-horse-battery-staple-2";
      secrets.add(first);
      secrets.add(second);
      Reply created = running.send("POST", "/v3/users",
          "{\"user\": {\"name\": \"carol\", \"domain_id\": \"default\", \"password\": \"" + first + "\"}}");
      assertThat(created.status()).isEqualTo(201);
      JsonNode user = Json.MAPPER.readTree(created.body()).get("user");
      assertThat(created.body()).doesNotContain(first);
      Reply patched = running.send("PATCH", "/v3/users/" + user.get("id").asText(),
          "{\"user\": {\"password\": \"" + second + "\"}}");
      assertThat(patched.status()).isEqualTo(200);
      Reply badChange = running.send("POST", "/v3/users/" + user.get("id").asText() + "/password",
          "{\"user\": {\"original_password\": \"" + first + "\", \"password\": \"" + second + "\"}}");
      assertThat(badChange.status()).isBetween(400, 499);

      // An application credential: a good and a wrong secret, and the token it gives, validated.
      String secret = "app-cred-secret-never-logged-7";
      String wrongSecret = "app-cred-wrong-secret-never-logged";
      secrets.add(secret);
      secrets.add(wrongSecret);
      ApplicationCredential credential = running.store.applicationCredentials().create(new ApplicationCredential(
          Ids.random(), "logged-nowhere", running.adminUser.id(), running.adminProject.id(), null, null, false,
          List.of(running.store.roles().findByName(null, "admin").orElseThrow().id()), null), secret.toCharArray());
      String byCredential = "{\"auth\": {\"identity\": {\"methods\": [\"application_credential\"],"
          + " \"application_credential\": {\"id\": \"%s\", \"secret\": \"%s\"}}}}";
      Reply refused = running.send("POST", "/v3/auth/tokens", byCredential.formatted(credential.id(), wrongSecret));
      assertThat(refused.status()).isEqualTo(401);
      String credentialToken = issuedToken(running, byCredential.formatted(credential.id(), secret));
      secrets.add(credentialToken);

      // A trust of the admin to itself, and a token scoped to it, validated with the credential's token.
      Trust trust = running.store.trusts().create(new Trust(Ids.random(), running.adminUser.id(),
          running.adminUser.id(), running.adminProject.id(), false, null, null, null, null,
          credential.roleIds(), null));
      String trustToken = issuedToken(running, "{\"auth\": {\"identity\": {\"methods\": [\"password\"],"
          + " \"password\": {\"user\": {\"id\": \"" + running.adminUser.id() + "\", \"password\": \"admin-password\"}}},"
          + " \"scope\": {\"OS-TRUST:trust\": {\"id\": \"" + trust.id() + "\"}}}}");
      secrets.add(trustToken);
      assertThat(running.sendWithHeaders("GET", "/v3/auth/tokens",
          Map.of("X-Auth-Token", credentialToken, "X-Subject-Token", trustToken)).status()).isEqualTo(200);
    } finally {
      root.detachAppender(captured);
      tokenless.setLevel(tokenlessLevel);
      undertow.setLevel(undertowLevel);
    }

    List<String> lines = captured.list.stream()
        .filter(event -> !event.getLoggerName().startsWith("io.tokenless.kdc"))
        .map(SecretsInLogsTest::render)
        .toList();
    assertThat(lines).as("captured log lines").hasSizeGreaterThan(10);
    List<String> leaks = new ArrayList<>();
    for (String secret : secrets) {
      for (String piece : pieces(secret)) {
        lines.stream().filter(line -> line.contains(piece)).findFirst()
            .ifPresent(line -> leaks.add("'" + piece + "' in: " + line));
      }
    }
    assertThat(leaks).isEmpty();
  }

  private static String issuedToken(RunningServer running, String body) {
    HttpResponse<String> response = running.sendForHeaders("POST", "/v3/auth/tokens", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return response.headers().firstValue("X-Subject-Token").orElseThrow();
  }

  private static String render(ILoggingEvent event) {
    String throwable = event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy());
    return event.getLoggerName() + " " + event.getFormattedMessage() + " " + throwable;
  }

  /** The secret itself and every piece of {@link #WINDOW} characters, stepping by half a window. */
  private static List<String> pieces(String secret) {
    List<String> pieces = new ArrayList<>();
    pieces.add(secret);
    for (int i = 0; i + WINDOW <= secret.length(); i += WINDOW / 2) {
      pieces.add(secret.substring(i, i + WINDOW));
    }
    return pieces;
  }
}
