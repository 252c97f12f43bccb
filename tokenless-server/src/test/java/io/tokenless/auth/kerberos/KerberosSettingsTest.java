package io.tokenless.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.kdc.KdcExtension;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import io.tokenless.kdc.TestKdc;
import io.tokenless.kdc.TicketForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KdcExtension.class)
class KerberosSettingsTest {

  @Test
  void apply_pointsTheJvmAtAFileThatPutsTheClockSkewBeforeTheOperatorsKrb5Conf(TestKdc kdc) throws Exception {
    Path effective = KerberosSettings.apply(kdc.krb5Conf(), Duration.ofSeconds(90));
    try {
      assertThat(System.getProperty("java.security.krb5.conf")).isEqualTo(effective.toString());
      String text = Files.readString(effective);
      Path override = Path.of(text.lines().findFirst().orElseThrow().substring("include ".length()));
      assertThat(text.lines()).containsExactly("include " + override, "include " + kdc.krb5Conf().toAbsolutePath());
      assertThat(Files.readString(override)).contains("clockskew = 90");
    } finally {
      KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    }
  }

  @Test
  void configuredClockSkew_decidesWhetherAClientClockThreeMinutesBehindIsAccepted(TestKdc kdc, Principals principals) {
    KdcPrincipal service = principals.service("HTTP");
    Instant now = Instant.now();
    Instant behind = now.minus(Duration.ofMinutes(3));
    try {
      KerberosSettings.apply(kdc.krb5Conf(), Duration.ofMinutes(1));
      JgssAcceptor strict = JgssAcceptor.create(new AcceptorConfig(service.keytab(), List.of("*")));
      AcceptResult strictResult = strict.accept(TicketForge.krb5Token(service.keytab(), service.name(),
          "alice@EXAMPLE.COM", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), behind));

      KerberosSettings.apply(kdc.krb5Conf(), Duration.ofMinutes(5));
      JgssAcceptor lenient = JgssAcceptor.create(new AcceptorConfig(service.keytab(), List.of("*")));
      AcceptResult lenientResult = lenient.accept(TicketForge.krb5Token(service.keytab(), service.name(),
          "alice@EXAMPLE.COM", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), behind));

      assertThat(strictResult).isInstanceOfSatisfying(AcceptResult.Rejected.class,
          rejected -> assertThat(rejected.logReason()).containsIgnoringCase("skew"));
      assertThat(lenientResult).isInstanceOf(AcceptResult.Accepted.class);
    } finally {
      KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    }
  }

  @Test
  void missingKrb5Conf_orAbsurdSkew_areConfigurationErrors(TestKdc kdc) {
    assertThatThrownBy(() -> KerberosSettings.apply(Path.of("/nonexistent/krb5.conf"), Duration.ofMinutes(5)))
        .isInstanceOf(KerberosConfigException.class).hasMessageStartingWith("kerberos.krb5Conf:");
    assertThatThrownBy(() -> KerberosSettings.apply(kdc.krb5Conf(), Duration.ZERO))
        .isInstanceOf(KerberosConfigException.class).hasMessageStartingWith("kerberos.clockSkew:");
    assertThatThrownBy(() -> KerberosSettings.apply(kdc.krb5Conf(), Duration.ofHours(2)))
        .isInstanceOf(KerberosConfigException.class).hasMessageStartingWith("kerberos.clockSkew:");
  }

  @Test
  void principalNames_splitIntoPrimaryInstanceAndRealm() {
    assertThat(KerberosPrincipalName.parse("alice@EXAMPLE.COM")).isEqualTo(new KerberosPrincipalName("alice", "", "EXAMPLE.COM"));
    assertThat(KerberosPrincipalName.parse("HTTP/web.example.com@EXAMPLE.COM"))
        .isEqualTo(new KerberosPrincipalName("HTTP", "web.example.com", "EXAMPLE.COM"));
    assertThat(KerberosPrincipalName.parse("a/b/c@R")).isEqualTo(new KerberosPrincipalName("a", "b/c", "R"));
    assertThat(KerberosPrincipalName.parse("odd\\@name@R")).isEqualTo(new KerberosPrincipalName("odd\\@name", "", "R"));
    assertThat(KerberosPrincipalName.parse("alice/admin@EXAMPLE.COM").full()).isEqualTo("alice/admin@EXAMPLE.COM");
  }
}
