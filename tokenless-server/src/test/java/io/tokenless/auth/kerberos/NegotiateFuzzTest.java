package io.tokenless.auth.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.kerberos.krb5.FastPathAcceptor;
import io.tokenless.kdc.TestKdc;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for the Negotiate path: any {@code Authorization} header values, and any bytes
 * as the GSS token after {@code Negotiate }, against the server's acceptor (its own Kerberos
 * path with the JGSS fallback) and a keytab of the shared test KDC. The authenticator must never throw and never authenticate: it answers
 * {@link AuthOutcome.Failed} or {@link AuthOutcome.NotAttempted}. The token seeds are real
 * SPNEGO and Kerberos AP-REQs minted with {@code SpnegoClient} (their tickets were issued by an
 * earlier KDC, so they are well formed but carry keys this acceptor does not have).
 */
class NegotiateFuzzTest {
  private static NegotiateAuthenticator authenticator;

  @BeforeAll
  static void startAcceptor() {
    TestKdc kdc = TestKdc.shared();
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    String service = kdc.ensurePrincipal("HTTP/localhost");
    authenticator = new NegotiateAuthenticator(FastPathAcceptor.create(
        new AcceptorConfig(kdc.exportKeytab(service), List.of("*"))));
  }

  /** Each input line is one {@code Authorization} header value. */
  @FuzzTest(maxDuration = "5m")
  void anyAuthorizationHeaders_failOrAreNotAttempted_neverThrow(byte[] input) {
    List<String> headers = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1));

    AuthOutcome outcome = authenticator.authenticate(headers);

    assertThat(outcome).isInstanceOfAny(AuthOutcome.Failed.class, AuthOutcome.NotAttempted.class);
  }

  /** The input is the raw GSS token, sent base64-encoded as a client would. */
  @FuzzTest(maxDuration = "5m")
  void anyGssTokenBytes_fail_neverThrow(byte[] input) {
    String header = "Negotiate " + Base64.getEncoder().encodeToString(input);

    AuthOutcome outcome = authenticator.authenticate(List.of(header));

    assertThat(outcome).isInstanceOf(AuthOutcome.Failed.class);
  }
}
