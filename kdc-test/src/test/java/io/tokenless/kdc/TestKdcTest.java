package io.tokenless.kdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenless.kdc.Principals.KdcPrincipal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KdcExtension.class)
class TestKdcTest {

  @Test
  void sharedKdc_isTheOneTheJvmUses(TestKdc kdc) {
    assertThat(TestKdc.shared()).isSameAs(kdc);
    assertThat(System.getProperty("java.security.krb5.conf")).isEqualTo(kdc.krb5Conf().toString());
  }

  @Test
  void krb5Conf_isReadableByMitAndJdk_withoutDnsAndWithAesOnly(TestKdc kdc) throws Exception {
    String conf = Files.readString(kdc.krb5Conf());
    assertThat(conf)
        .contains("default_realm = EXAMPLE.COM")
        .contains("kdc = localhost:" + kdc.port())
        .contains("udp_preference_limit = 1")
        .contains("dns_lookup_kdc = false")
        .contains("rdns = false")
        .contains("dns_canonicalize_hostname = false")
        .contains("permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96")
        .doesNotContain("tcp/")
        .doesNotContain("des3");
  }

  @Test
  void userWithPassword_logsInWithTheJdk(Principals principals) {
    KdcPrincipal alice = principals.user("alice");

    SpnegoClient client = SpnegoClient.fromPassword(alice.name(), alice.password().toCharArray());

    assertThat(client.subject().getPrivateCredentials(KerberosTicket.class))
        .singleElement()
        .satisfies(tgt -> assertThat(tgt.getServer().getName()).isEqualTo("krbtgt/EXAMPLE.COM@EXAMPLE.COM"));
  }

  @Test
  void exportedKeytab_holdsAesKeysOnly_andLogsInWithTheJdk(Principals principals) {
    KdcPrincipal bob = principals.user("bob");

    KerberosKey[] keys = KeyTab.getInstance(bob.keytab().toFile()).getKeys(new KerberosPrincipal(bob.name()));
    SpnegoClient client = SpnegoClient.fromKeytab(bob.name(), bob.keytab());

    assertThat(Arrays.stream(keys).map(KerberosKey::getKeyType)).containsExactlyInAnyOrder(17, 18);
    assertThat(client.subject().getPrivateCredentials(KerberosTicket.class)).hasSize(1);
  }

  @Test
  void wrongPassword_failsToLogIn(Principals principals) {
    KdcPrincipal carol = principals.user("carol");

    assertThatThrownBy(() -> SpnegoClient.fromPassword(carol.name(), "not-her-password".toCharArray()))
        .isInstanceOf(KdcException.class)
        .hasMessageContaining(carol.name());
  }

  @Test
  void client_makesAFreshTokenForEveryRequest(Principals principals) {
    KdcPrincipal dave = principals.user("dave");
    KdcPrincipal service = principals.service("HTTP");
    SpnegoClient client = SpnegoClient.fromKeytab(dave.name(), dave.keytab());

    String first = client.negotiateHeader(service.shortName());
    String second = client.negotiateHeader(service.shortName());

    assertThat(first).startsWith("Negotiate ").isNotEqualTo(second);
  }

  @Test
  void mitKinit_getsATicketWithOurKrb5ConfAndAKeytab_thatTheJdkClientCanUse(Principals principals, @TempDir Path tmp) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kinit")), "MIT kinit (Debian krb5-user) is not installed");
    KdcPrincipal erin = principals.user("erin");
    Path ccache = tmp.resolve("ccache");

    ProcessBuilder kinit = new ProcessBuilder("/usr/bin/kinit", "-kt", erin.keytab().toString(), erin.name())
        .redirectErrorStream(true);
    kinit.environment().put("KRB5_CONFIG", principals.kdc().krb5Conf().toString());
    kinit.environment().put("KRB5CCNAME", "FILE:" + ccache);
    Process process = kinit.start();
    boolean done = process.waitFor(20, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes());

    assertThat(done).isTrue();
    assertThat(process.exitValue()).as("kinit output: %s", output).isZero();
    assertThat(ccache).isNotEmptyFile();
    SpnegoClient fromCache = SpnegoClient.fromTicketCache(erin.name(), ccache);
    assertThat(fromCache.negotiateHeader(principals.service("HTTP").shortName())).startsWith("Negotiate ");
  }
}
