package io.tokenless.microbench.kerberos;

import io.tokenless.auth.kerberos.AcceptResult;
import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.JgssAcceptor;
import io.tokenless.auth.kerberos.KerberosSettings;
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
 * is fetched once; every token carries a new authenticator.
 *
 * <p>An AP-REQ can be accepted once (the replay cache rejects it after that), so each call needs
 * a token of its own. It is minted in a per-invocation set-up, outside the measured time; at
 * hundreds of microseconds per accept the two extra timestamps per call are noise. A rejection
 * fails the run instead of being measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class SpnegoAcceptBenchmark {
  private static final String SERVICE = "HTTP/localhost";

  /** SPNEGO-wrapped (browsers, curl) or the raw Kerberos V5 mechanism (some GSSAPI clients). */
  @Param({"SPNEGO", "KRB5"})
  public Mechanism mechanism;

  private ScratchDir dir;
  private TestKdc kdc;
  private SpnegoClient client;
  private JgssAcceptor acceptor;
  private byte[] token;

  @Setup(Level.Trial)
  public void startKdc() {
    dir = ScratchDir.create("kdc");
    kdc = TestKdc.start(TestKdc.DEFAULT_REALM, dir.path());
    KerberosSettings.apply(kdc.krb5Conf(), KerberosSettings.DEFAULT_CLOCK_SKEW);
    String service = kdc.addPrincipal(SERVICE);
    String alice = kdc.addPrincipal("alice");
    Path serviceKeytab = kdc.exportKeytab(service);
    client = SpnegoClient.fromKeytab(alice, kdc.exportKeytab(alice));
    acceptor = JgssAcceptor.create(new AcceptorConfig(serviceKeytab, List.of(SERVICE)));
  }

  @Setup(Level.Invocation)
  public void mintToken() {
    SpnegoClient.Exchange exchange = client.begin(SERVICE, mechanism);
    token = exchange.token();
    exchange.dispose();
  }

  @TearDown(Level.Trial)
  public void stopKdc() {
    kdc.stop();
    dir.close();
  }

  @Benchmark
  public AcceptResult.Accepted accept() {
    AcceptResult result = acceptor.accept(token);
    if (result instanceof AcceptResult.Accepted accepted) {
      return accepted;
    }
    throw new IllegalStateException("token rejected: " + ((AcceptResult.Rejected) result).logReason());
  }
}
