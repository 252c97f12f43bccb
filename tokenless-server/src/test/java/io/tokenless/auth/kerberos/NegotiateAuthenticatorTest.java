package io.tokenless.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.kerberos.krb5.FastPathAcceptor;
import io.tokenless.kdc.KdcExtension;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.TestKdc;
import io.tokenless.kdc.TicketForge;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.mapping.MappingRules;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KdcExtension.class)
class NegotiateAuthenticatorTest {
  private KdcPrincipal service;
  private NegotiateAuthenticator authenticator;

  @BeforeAll
  static void configureKerberos(TestKdc kdc) {
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
  }

  @BeforeEach
  void setUp(Principals principals) {
    service = principals.service("HTTP");
    authenticator = new NegotiateAuthenticator(FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of("*"))));
  }

  private String forged(String client) {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(service.keytab(), service.name(), client, now.minusSeconds(60), now.plusSeconds(3600));
    return "Negotiate " + Base64.getEncoder().encodeToString(token);
  }

  @Test
  void authenticatedPrincipal_carriesTheKerberosMappingAttributes() {
    AuthOutcome outcome = authenticator.authenticate(List.of(forged("alice/admin@EXAMPLE.COM")));

    assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Authenticated.class, authenticated -> {
      assertThat(authenticated.principal().mechanism()).isEqualTo("kerberos");
      assertThat(authenticated.principal().name()).isEqualTo("alice/admin@EXAMPLE.COM");
      assertThat(authenticated.principal().attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
          "KRB5_PRINCIPAL", "alice/admin@EXAMPLE.COM", "KRB5_REALM", "EXAMPLE.COM",
          "KRB5_PRIMARY", "alice", "KRB5_INSTANCE", "admin"));
      assertThat(authenticated.replyToken()).hasValueSatisfying(reply -> assertThat(reply).startsWith("Negotiate "));
    });
  }

  @Test
  void principalWithoutInstance_hasAnEmptyInstanceAttribute(Principals principals) {
    KdcPrincipal alice = principals.user("alice");
    String header = SpnegoClient.fromKeytab(alice.name(), alice.keytab()).negotiateHeader(service.shortName());

    AuthOutcome.Authenticated authenticated = (AuthOutcome.Authenticated) authenticator.authenticate(List.of(header));

    assertThat(authenticated.principal().attributes()).containsEntry("KRB5_INSTANCE", "")
        .containsEntry("KRB5_PRIMARY", alice.shortName());
  }

  @Test
  void principalOfAnotherRealm_isAuthenticated_butTheDefaultRulesMapItToNobody() {
    IdentityMapper mapper = IdentityMapper.of(MappingRules.kerberosRealms(Map.of("EXAMPLE.COM", DomainRef.byId("default"))));

    AuthOutcome outcome = authenticator.authenticate(List.of(forged("bob@OTHER.ORG")));

    assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Authenticated.class, authenticated -> {
      assertThat(authenticated.principal().attributes()).containsEntry("KRB5_REALM", "OTHER.ORG");
      assertThat(mapper.map(authenticated.principal())).isEmpty();
    });
  }

  @Test
  void requestsWithoutANegotiateCredential_areNotAttempted() {
    assertThat(authenticator.authenticate(List.of())).isInstanceOf(AuthOutcome.NotAttempted.class);
    assertThat(authenticator.authenticate(List.of("Basic YTpi", "Bearer x"))).isInstanceOf(AuthOutcome.NotAttempted.class);
    assertThat(authenticator.authenticate(List.of("NegotiateYQ=="))).isInstanceOf(AuthOutcome.NotAttempted.class);
  }

  @Test
  void theFirstNegotiateHeader_counts_amongOtherSchemes() {
    AuthOutcome outcome = authenticator.authenticate(List.of("Basic YTpi", forged("carol@EXAMPLE.COM"), "Negotiate YQ=="));

    assertThat(outcome).isInstanceOf(AuthOutcome.Authenticated.class);
  }

  @Test
  void failures_tellTheClientNothing_andTheLogWhy_withoutTheToken() {
    String garbage = "Negotiate " + Base64.getEncoder().encodeToString("not a kerberos token at all".getBytes());
    String ntlm = "Negotiate TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==";

    AuthOutcome.Failed garbageOutcome = (AuthOutcome.Failed) authenticator.authenticate(List.of(garbage));
    AuthOutcome.Failed ntlmOutcome = (AuthOutcome.Failed) authenticator.authenticate(List.of(ntlm));
    AuthOutcome.Failed emptyOutcome = (AuthOutcome.Failed) authenticator.authenticate(List.of("Negotiate"));
    AuthOutcome.Failed notBase64 = (AuthOutcome.Failed) authenticator.authenticate(List.of("Negotiate ***"));

    assertThat(Arrays.asList(garbageOutcome, ntlmOutcome, emptyOutcome, notBase64))
        .extracting(AuthOutcome.Failed::clientMessage).containsOnly("Kerberos authentication failed");
    assertThat(ntlmOutcome.logReason()).contains("NTLM").doesNotContain("TlRMTVNT");
    assertThat(garbageOutcome.logReason()).doesNotContain(garbage.substring(10));
    assertThat(emptyOutcome.logReason()).contains("without a token");
    assertThat(notBase64.logReason()).contains("base64");
  }

  @Test
  void oversizedHeader_isRefusedBeforeDecoding() {
    String huge = "Negotiate " + "A".repeat(NegotiateAuthenticator.MAX_ENCODED_LENGTH + 1);

    long start = System.nanoTime();
    AuthOutcome outcome = authenticator.authenticate(List.of(huge));

    assertThat(outcome).isInstanceOfSatisfying(AuthOutcome.Failed.class,
        failed -> assertThat(failed.logReason()).contains("exceeds"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }
}
