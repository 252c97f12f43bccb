package io.tokenless.demo.flows;

import io.tokenless.demo.services.ServiceIdentity;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Picking a mechanism from a {@code 401}'s challenges and what the user has. */
final class Discovery {
  private Discovery() {}

  /**
   * The mechanism a client with {@code user}'s files in {@code dataDir} picks: Kerberos when
   * {@code Negotiate} is offered and a keytab is at hand, else a certificate over HTTPS, else a
   * password for a Keystone token.
   */
  static Optional<AuthKind> choose(List<String> challenges, boolean https, Path dataDir, String user) {
    if (challenges.stream().anyMatch(c -> c.startsWith("Negotiate"))
        && Files.isRegularFile(dataDir.resolve("keytabs/" + user + ".keytab"))) {
      return Optional.of(AuthKind.kerberos);
    }
    if (https && Files.isRegularFile(dataDir.resolve("pki/clients/" + user + ".pem"))) {
      return Optional.of(AuthKind.cert);
    }
    if (challenges.stream().anyMatch(c -> c.startsWith("Keystone"))
        && Files.isRegularFile(dataDir.resolve("credentials.txt"))) {
      return Optional.of(AuthKind.password);
    }
    return Optional.empty();
  }

  /** A client without credentials; over HTTPS it trusts the dev CA but shows no certificate. */
  static HttpClient plainClient(UserLogin login, Path dataDir) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (login.base().getScheme().equals("https")) {
      builder.sslContext(ServiceIdentity.sslContext(Optional.empty(), Optional.empty(), dataDir.resolve("pki/ca.pem")));
    }
    return builder.build();
  }
}
