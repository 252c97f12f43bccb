package io.tokenless.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.kdc.KdcExtension;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.SpnegoClient.Mechanism;
import io.tokenless.kdc.TestKdc;
import io.tokenless.kdc.TicketForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every {@link KerberosAcceptor} must do, against the embedded KDC and the JDK's initiator;
 * each implementation's test class extends this and says how to build one.
 */
@ExtendWith(KdcExtension.class)
public abstract class KerberosAcceptorContract {
  protected KdcPrincipal service;
  protected KdcPrincipal alice;
  protected SpnegoClient client;
  protected KerberosAcceptor acceptor;

  /** A new acceptor for {@code config}, as the implementation under test builds it. */
  protected abstract KerberosAcceptor create(AcceptorConfig config);

  @BeforeAll
  public static void configureKerberos(TestKdc kdc) {
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
  }

  @BeforeEach
  public void setUp(Principals principals) {
    service = principals.service("HTTP");
    alice = principals.user("alice");
    client = SpnegoClient.fromKeytab(alice.name(), alice.keytab());
    acceptor = create(new AcceptorConfig(service.keytab(), List.of(service.shortName())));
  }

  @Test
  public void spnegoToken_isAccepted_namingTheClient_withAReplyTheClientVerifies() {
    SpnegoClient.Exchange exchange = client.begin(service.shortName(), Mechanism.SPNEGO);

    AcceptResult result = acceptor.accept(exchange.token());

    assertThat(result).isInstanceOf(AcceptResult.Accepted.class);
    AcceptResult.Accepted accepted = (AcceptResult.Accepted) result;
    assertThat(accepted.client().full()).isEqualTo(alice.name());
    assertThat(accepted.client().realm()).isEqualTo("EXAMPLE.COM");
    assertThat(accepted.client().instance()).isEmpty();
    assertThat(accepted.service()).isEqualTo(service.name());
    assertThat(exchange.verifyReply("Negotiate " + Base64.getEncoder().encodeToString(accepted.replyToken()))).isTrue();
  }

  @Test
  public void rawKerberosToken_isAcceptedInOneRoundTrip() {
    SpnegoClient.Exchange exchange = client.begin(service.shortName(), Mechanism.KRB5);

    AcceptResult result = acceptor.accept(exchange.token());

    assertThat(result).isInstanceOfSatisfying(AcceptResult.Accepted.class, accepted -> {
      assertThat(accepted.client().full()).isEqualTo(alice.name());
      assertThat(exchange.verifyReply("Negotiate " + Base64.getEncoder().encodeToString(accepted.replyToken()))).isTrue();
    });
  }

  @Test
  public void sameTokenTwice_secondIsRejectedAsAReplay() {
    byte[] token = client.begin(service.shortName(), Mechanism.SPNEGO).token();

    AcceptResult first = acceptor.accept(token);
    AcceptResult second = acceptor.accept(token);

    assertThat(first).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(second).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).containsIgnoringCase("replay"));
  }

  @Test
  public void replayToASecondAcceptorInTheSameJvm_isAlsoRejected() {
    byte[] token = client.begin(service.shortName(), Mechanism.KRB5).token();
    KerberosAcceptor other = create(new AcceptorConfig(service.keytab(), List.of(service.shortName())));

    assertThat(acceptor.accept(token)).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(other.accept(token)).isInstanceOf(AcceptResult.Rejected.class);
  }

  @Test
  public void ticketForAnotherService_isRejected(Principals principals) {
    KdcPrincipal otherService = principals.service("HTTP");
    byte[] token = client.begin(otherService.shortName(), Mechanism.SPNEGO).token();

    assertThat(acceptor.accept(token)).isInstanceOf(AcceptResult.Rejected.class);
  }

  @Test
  public void ticketForAServiceInTheKeytabButNotConfigured_isRejected(Principals principals) throws Exception {
    KdcPrincipal otherService = principals.service("HTTP");
    Path both = principals.kdc().exportKeytab(Files.createTempFile("both", ".keytab"), service.name(), otherService.name());
    KerberosAcceptor onlyFirst = create(new AcceptorConfig(both, List.of(service.shortName())));
    KerberosAcceptor any = create(new AcceptorConfig(both, List.of(AcceptorConfig.ANY)));

    AcceptResult restricted = onlyFirst.accept(client.begin(otherService.shortName(), Mechanism.SPNEGO).token());
    AcceptResult open = any.accept(client.begin(otherService.shortName(), Mechanism.SPNEGO).token());

    assertThat(restricted).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains(otherService.name()));
    assertThat(open).isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  public void rotatedServiceKeys_areUsedWithoutRecreatingTheAcceptor(Principals principals) {
    assertThat(acceptor.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);

    principals.kdc().rotateKeys(service.name());
    principals.kdc().exportKeytab(service.keytab(), service.name());
    SpnegoClient freshClient = SpnegoClient.fromKeytab(alice.name(), alice.keytab());

    assertThat(acceptor.accept(freshClient.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  public void expiredTicket_isRejected() {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(service.keytab(), service.name(), alice.name(),
        now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));

    AcceptResult result = acceptor.accept(token);

    assertThat(result).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).containsIgnoringCase("expired"));
  }

  @Test
  public void forgedButCurrentTicket_isAccepted_provingTheForgeMakesRealTickets() {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(service.keytab(), service.name(), "bob@OTHER.ORG",
        now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(1)));

    AcceptResult result = acceptor.accept(token);

    assertThat(result).isInstanceOfSatisfying(AcceptResult.Accepted.class,
        accepted -> assertThat(accepted.client()).isEqualTo(new KerberosPrincipalName("bob", "", "OTHER.ORG")));
  }

  @Test
  public void truncatedAndBitFlippedTokens_areRejected() {
    byte[] token = client.begin(service.shortName(), Mechanism.SPNEGO).token();

    for (int length : new int[] {1, 2, 10, token.length / 2, token.length - 1}) {
      assertThat(acceptor.accept(Arrays.copyOf(token, length))).as("first %d bytes", length)
          .isInstanceOf(AcceptResult.Rejected.class);
    }
    for (int index : new int[] {0, 1, 5, 20, token.length / 2, token.length - 1}) {
      byte[] flipped = token.clone();
      flipped[index] ^= 0x01;
      assertThat(acceptor.accept(flipped)).as("bit flipped at %d", index).isInstanceOf(AcceptResult.Rejected.class);
    }
  }

  @Test
  public void concurrentRequests_areEachAcceptedOnTheirOwnContext() throws Exception {
    List<byte[]> tokens = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      tokens.add(client.begin(service.shortName(), i % 2 == 0 ? Mechanism.SPNEGO : Mechanism.KRB5).token());
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<AcceptResult>> results = pool.invokeAll(
          tokens.stream().map(token -> (java.util.concurrent.Callable<AcceptResult>) () -> acceptor.accept(token)).toList());

      for (java.util.concurrent.Future<AcceptResult> result : results) {
        assertThat(result.get()).isInstanceOfSatisfying(AcceptResult.Accepted.class,
            accepted -> assertThat(accepted.client().full()).isEqualTo(alice.name()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void emptyAndOversizedTokens_areRejected() {
    assertThat(acceptor.accept(new byte[0])).isInstanceOf(AcceptResult.Rejected.class);
    assertThat(acceptor.accept(new byte[KerberosAcceptor.MAX_TOKEN_BYTES + 1])).isInstanceOf(AcceptResult.Rejected.class);
  }

  @Test
  public void missingKeytab_failsAtCreation_namingTheSetting() {
    assertThatThrownBy(() -> create(new AcceptorConfig(Path.of("/nonexistent.keytab"), List.of("*"))))
        .isInstanceOf(KerberosConfigException.class)
        .hasMessageStartingWith("kerberos.keytab:")
        .hasMessageContaining("/nonexistent.keytab");
  }

  @Test
  public void keytabWithoutTheConfiguredPrincipal_failsAtCreation() {
    assertThatThrownBy(() -> create(new AcceptorConfig(service.keytab(), List.of("HTTP/not-there"))))
        .isInstanceOf(KerberosConfigException.class)
        .hasMessageContaining("no key for HTTP/not-there@EXAMPLE.COM");
  }
}
