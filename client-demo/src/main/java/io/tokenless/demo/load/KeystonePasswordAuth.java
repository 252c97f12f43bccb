package io.tokenless.demo.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Gets one Fernet token before a run with Keystone's password method
 * ({@code POST /v3/auth/tokens}, token in {@code X-Subject-Token}). Runs once, off the hot
 * path, so the JDK's HttpClient is fine here.
 */
final class KeystonePasswordAuth {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeystonePasswordAuth() {}

  /**
   * @param tokensUrl the {@code .../v3/auth/tokens} URL
   * @param project   project name to scope to, in {@code domain}; empty for an unscoped token
   * @param tls       context for https URLs (trust and, if the server wants one, a client certificate)
   * @return the token; never printed by this class
   * @throws IllegalStateException when the server does not answer 201 with a token
   */
  static String issue(URI tokensUrl, String user, String domain, String password, Optional<String> project,
      SSLContext tls) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode auth = body.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode userNode = identity.putObject("password").putObject("user");
    userNode.put("name", user);
    userNode.putObject("domain").put("id", domain);
    userNode.put("password", password);
    project.ifPresent(name -> {
      ObjectNode scoped = auth.putObject("scope").putObject("project");
      scoped.put("name", name);
      scoped.putObject("domain").put("id", domain);
    });
    HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(tokensUrl)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("POST " + tokensUrl + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while getting a token", e);
    }
    Optional<String> token = response.headers().firstValue("X-Subject-Token");
    if (response.statusCode() != 201 || token.isEmpty()) {
      throw new IllegalStateException("POST " + tokensUrl + " as " + user + " answered " + response.statusCode()
          + (token.isEmpty() ? " without X-Subject-Token" : "") + errorTitle(response.body()));
    }
    return token.get();
  }

  /** Keystone's {@code {"error": {"title", "message"}}}, for the operator; never the request. */
  private static String errorTitle(String body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      return error.isMissingNode() ? "" : ": " + error.path("title").asText() + ": " + error.path("message").asText();
    } catch (IOException e) {
      return "";
    }
  }
}
