package io.tokenless.microbench.kerberos;

import io.tokenless.auth.kerberos.AcceptResult;
import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.JgssAcceptor;
import io.tokenless.auth.kerberos.KerberosAcceptor;
import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.auth.kerberos.krb5.FastPathAcceptor;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.SpnegoClient.Mechanism;
import io.tokenless.kdc.TestKdc;
import io.tokenless.microbench.ScratchDir;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server side of {@code Authorization: Negotiate}: one fresh AP-REQ accepted by the keytab of
 * {@code HTTP/localhost}, from a client logged in to an embedded KDC. The client's service ticket
 * is fetched once; every token carries a new authenticator. {@code acceptor} is the one the
 * server uses ({@code FAST}: {@link FastPathAcceptor}, which then serves the ticket from its
 * ticket cache, as for a client reusing its ticket) or the JDK's JGSS alone ({@code JGSS}).
 *
 * <p>An AP-REQ can be accepted once (the replay cache rejects it after that), so each call needs
 * a token of its own. Minting one (the JDK initiator) costs more than accepting it, and minting
 * per invocation put the initiator's garbage and cache misses into the measured calls; so each
 * iteration's set-up mints {@value #TOKENS} tokens and one measured invocation accepts them all,
 * reported per token ({@code @OperationsPerInvocation}). A rejection fails the run instead of
 * being measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class SpnegoAcceptBenchmark {
  private static final String SERVICE = "HTTP/localhost";
  static final int TOKENS = 2000;

  /** SPNEGO-wrapped (browsers, curl) or the raw Kerberos V5 mechanism (some GSSAPI clients). */
  @Param({"SPNEGO", "KRB5"})
  public Mechanism mechanism;

  /** The server's acceptor, or JGSS alone for comparison. */
  @Param({"FAST", "JGSS"})
  public String acceptor;

  private ScratchDir dir;
  private TestKdc kdc;
  private SpnegoClient client;
  private KerberosAcceptor accepting;
  private byte[][] tokens;

  @Setup(Level.Trial)
  public void startKdc() {
    dir = ScratchDir.create("kdc");
    kdc = TestKdc.start(TestKdc.DEFAULT_REALM, dir.path());
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    String service = kdc.addPrincipal(SERVICE);
    String alice = kdc.addPrincipal("alice");
    Path serviceKeytab = kdc.exportKeytab(service);
    client = SpnegoClient.fromKeytab(alice, kdc.exportKeytab(alice));
    AcceptorConfig config = new AcceptorConfig(serviceKeytab, List.of(SERVICE));
    accepting = acceptor.equals("FAST") ? FastPathAcceptor.create(config) : JgssAcceptor.create(config);
  }

  @Setup(Level.Iteration)
  public void mintTokens() {
    tokens = new byte[TOKENS][];
    for (int i = 0; i < TOKENS; i++) {
      SpnegoClient.Exchange exchange = client.begin(SERVICE, mechanism);
      tokens[i] = exchange.token();
      exchange.dispose();
    }
  }

  @TearDown(Level.Trial)
  public void stopKdc() {
    kdc.stop();
    dir.close();
  }

  @Benchmark
  @OperationsPerInvocation(TOKENS)
  public int accept() {
    int replyBytes = 0;
    for (byte[] token : tokens) {
      AcceptResult result = accepting.accept(token);
      if (!(result instanceof AcceptResult.Accepted accepted)) {
        throw new IllegalStateException("token rejected: " + ((AcceptResult.Rejected) result).logReason());
      }
      replyBytes += accepted.replyToken().length;
    }
    return replyBytes;
  }
}
