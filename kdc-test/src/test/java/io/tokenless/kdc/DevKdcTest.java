package io.tokenless.kdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kerby.kerberos.kerb.client.KrbClient;
import org.apache.kerby.kerberos.kerb.common.EncryptionUtil;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;
import org.apache.kerby.kerberos.kerb.type.ticket.TgtTicket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKdcTest {
  private static final Map<String, String> USERS = Map.of("alice", "alice-pw", "bob", "bob-pw");

  @Test
  void start_writesKrb5ConfAndKeytabs(@TempDir Path dir) throws Exception {
    try (DevKdc kdc = DevKdc.start(dir, 0, USERS, List.of("HTTP/compute"))) {
      assertThat(dir.resolve("krb5.conf")).content().contains("kdc = localhost:" + kdc.port());
      assertThat(kdc.httpKeytab()).isEqualTo(dir.resolve("keytabs/HTTP-localhost.keytab")).isNotEmptyFile();
      assertThat(dir.resolve("keytabs/HTTP-compute.keytab")).isNotEmptyFile();
      assertThat(dir.resolve("keytabs/alice.keytab")).isNotEmptyFile();
      assertThat(Keytab.loadKeytab(kdc.keytab("bob").toFile()).getPrincipals())
          .extracting(PrincipalName::getName).containsExactly("bob@EXAMPLE.COM");
    }
  }

  @Test
  void keytabsWrittenBeforeARestart_keepWorkingAfterIt(@TempDir Path dir) throws Exception {
    DevKdc first = DevKdc.start(dir, 0, USERS, List.of());
    Path aliceKeytab = Files.copy(first.keytab("alice"), dir.resolve("alice-before-restart.keytab"));
    Path httpKeytab = Files.copy(first.httpKeytab(), dir.resolve("http-before-restart.keytab"));
    first.stop();

    try (DevKdc second = DevKdc.start(dir, 0, USERS, List.of())) {
      SgtTicket ticket = serviceTicket(second, "alice@EXAMPLE.COM", aliceKeytab.toFile(), "HTTP/localhost@EXAMPLE.COM");
      EncryptionKey serviceKey = Keytab.loadKeytab(httpKeytab.toFile())
          .getKey(new PrincipalName("HTTP/localhost@EXAMPLE.COM"), ticket.getTicket().getEncryptedEncPart().getEType());

      EncTicketPart decrypted = EncryptionUtil.unseal(ticket.getTicket().getEncryptedEncPart(), serviceKey,
          KeyUsage.KDC_REP_TICKET, EncTicketPart.class);

      assertThat(decrypted.getCname().getName()).isEqualTo("alice");
      assertThat(Keytab.loadKeytab(second.httpKeytab().toFile()).getKey(new PrincipalName("HTTP/localhost@EXAMPLE.COM"),
          serviceKey.getKeyType()).getKeyData()).isEqualTo(serviceKey.getKeyData());
    }
  }

  @Test
  void mitKinit_logsInWithAUserPassword_againstTheDevKdc(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/kinit")), "MIT kinit (Debian krb5-user) is not installed");
    try (DevKdc kdc = DevKdc.start(dir, 0, USERS, List.of())) {
      ProcessBuilder kinit = new ProcessBuilder("/usr/bin/kinit", "alice@EXAMPLE.COM").redirectErrorStream(true);
      kinit.environment().put("KRB5_CONFIG", kdc.krb5Conf().toString());
      kinit.environment().put("KRB5CCNAME", "FILE:" + dir.resolve("ccache"));
      Process process = kinit.start();
      process.getOutputStream().write("alice-pw\n".getBytes());
      process.getOutputStream().close();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes());

      assertThat(process.exitValue()).as("kinit output: %s", output).isZero();
    }
  }

  @Test
  void fixedPortInUse_failsToStart_namingThePort(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> DevKdc.start(dir, port, USERS, List.of()))
          .isInstanceOf(KdcException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void stop_releasesThePortAndTheKdcThreads(@TempDir Path dir) throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DevKdc kdc = DevKdc.start(dir, 0, USERS, List.of());
    serviceTicket(kdc, "bob@EXAMPLE.COM", kdc.keytab("bob").toFile(), "HTTP/localhost@EXAMPLE.COM");

    kdc.stop();
    kdc.stop();

    // Kerby closes its acceptor on its own thread: the port frees up shortly after stop returns.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try (ServerSocket again = new ServerSocket(kdc.port(), 1, InetAddress.getByName("127.0.0.1"))) {
        assertThat(again.getLocalPort()).isEqualTo(kdc.port());
        break;
      } catch (java.net.BindException stillBound) {
        assertThat(System.nanoTime()).as("port %d still bound 5 s after stop", kdc.port()).isLessThan(deadline);
        Thread.sleep(50);
      }
    }
    Set<String> leftover;
    do {
      leftover = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive())
          .map(Thread::getName)
          .collect(Collectors.toSet());
      if (!leftover.isEmpty()) {
        Thread.sleep(50);
      }
    } while (!leftover.isEmpty() && System.nanoTime() < deadline);
    assertThat(leftover).isEmpty();
  }

  private static SgtTicket serviceTicket(DevKdc kdc, String client, File keytab, String service) throws Exception {
    KrbClient krb = new KrbClient();
    krb.setKdcRealm(DevKdc.REALM);
    krb.setKdcHost("127.0.0.1");
    krb.setAllowUdp(false);
    krb.setKdcTcpPort(kdc.port());
    krb.init();
    TgtTicket tgt = krb.requestTgt(client, keytab);
    return krb.requestSgt(tgt, service);
  }
}
