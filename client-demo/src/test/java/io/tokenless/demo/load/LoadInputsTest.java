package io.tokenless.demo.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** What the command line and the data directory hand to the generator. */
class LoadInputsTest {

  @TempDir
  Path dir;

  @Test
  void durations_readLikeWrks() {
    DurationConverter converter = new DurationConverter();

    assertThat(converter.convert("20s")).isEqualTo(Duration.ofSeconds(20));
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("10")).isEqualTo(Duration.ofSeconds(10));
    assertThatThrownBy(() -> converter.convert("soon")).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void url_isTakenApartOnce_withTheDefaultPortLeftOutOfTheHostHeader() {
    Target https = Target.parse("https://localhost/v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo");
    Target http = Target.parse("http://127.0.0.1:5000");

    assertThat(https).isEqualTo(new Target(true, "localhost", 443,
        "/v1/lookup?principal=alice@EXAMPLE.COM&project_name=demo", "localhost"));
    assertThat(http).isEqualTo(new Target(false, "127.0.0.1", 5000, "/", "127.0.0.1:5000"));
    assertThat(http.origin()).isEqualTo("http://127.0.0.1:5000");
    assertThatThrownBy(() -> Target.parse("ftp://example.com/")).hasMessageContaining("--url");
  }

  @Test
  void requestBytes_carryThePerRequestHeaderBeforeTheBody() {
    RequestTemplate template = new RequestTemplate("POST", Target.parse("http://localhost:5000/v3/auth/tokens"),
        List.of("X-Auth-Token: abc"), "{}".getBytes(StandardCharsets.UTF_8), false);

    String request = new String(template.render("Authorization: Negotiate xyz"), StandardCharsets.ISO_8859_1);

    assertThat(request).startsWith("POST /v3/auth/tokens HTTP/1.1\r\nHost: localhost:5000\r\n")
        .contains("X-Auth-Token: abc\r\n", "Content-Type: application/json\r\n", "Content-Length: 2\r\n")
        .endsWith("Authorization: Negotiate xyz\r\n\r\n{}");
  }

  @Test
  void devCredentials_findTheUsersPassword_inAnyOfTheUsualLayouts() throws Exception {
    Path file = dir.resolve("credentials.txt");
    Files.writeString(file, "# users of tokenless dev\nadmin: admin pass\nalice=alice-pw\nbob   bob-pw\n");

    assertThat(DevCredentials.passwordOf(file, "admin")).isEqualTo("admin pass");
    assertThat(DevCredentials.passwordOf(file, "alice")).isEqualTo("alice-pw");
    assertThat(DevCredentials.passwordOf(file, "bob")).isEqualTo("bob-pw");
    assertThatThrownBy(() -> DevCredentials.passwordOf(file, "carol"))
        .hasMessageContaining("carol").hasMessageNotContaining("alice-pw");
  }
}
