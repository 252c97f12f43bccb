package io.tokenless.microbench.x509;

import io.tokenless.auth.x509.ClientCertificateValidator;
import io.tokenless.auth.x509.ValidationResult;
import io.tokenless.auth.x509.ValidatorConfig;
import io.tokenless.http.tls.FastTlsCrypto;
import io.tokenless.microbench.ScratchDir;
import io.tokenless.pki.DevPki;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
 * Client certificate chain validation after the TLS handshake: alice's certificate from the dev
 * CA (P-256), checked against the CA and its CRL, which lists one revoked certificate.
 * {@code uncached} builds and checks the path on every call (cache TTL zero); {@code cached} is
 * the same certificate seen again within the cache's lifetime, as on every request of a client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class CertificateValidationBenchmark {

  @Param({"uncached", "cached"})
  public String cache;

  private ScratchDir dir;
  private ClientCertificateValidator validator;
  private List<X509Certificate> chain;

  @Setup(Level.Trial)
  public void createPki() throws IOException {
    // The server verifies ECDSA with these; the benchmark measures what it runs.
    FastTlsCrypto.install();
    dir = ScratchDir.create("pki");
    DevPki pki = DevPki.ensure(dir.path(), List.of("alice"), List.of("mallory"));
    ValidatorConfig config = ValidatorConfig.trusting(pki.caFile()).withCrlFiles(List.of(pki.crlFile()));
    if (cache.equals("uncached")) {
      config = config.withCache(Duration.ZERO, 0);
    }
    validator = new ClientCertificateValidator(config);
    chain = Pem.readCertificates(pki.clientCertificate("alice"));
    List<X509Certificate> revoked = Pem.readCertificates(pki.clientCertificate("mallory"));
    if (!(validator.validate(chain) instanceof ValidationResult.Valid)
        || !(validator.validate(revoked) instanceof ValidationResult.Rejected)) {
      throw new IllegalStateException("the dev PKI does not validate as expected");
    }
  }

  @TearDown(Level.Trial)
  public void removePki() {
    dir.close();
  }

  @Benchmark
  public ValidationResult.Valid validate() {
    ValidationResult result = validator.validate(chain);
    if (result instanceof ValidationResult.Valid valid) {
      return valid;
    }
    throw new IllegalStateException("certificate rejected: " + result);
  }
}
