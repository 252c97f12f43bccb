package io.tokenless.microbench.mapping;

import io.tokenless.auth.AuthenticatedPrincipal;
import io.tokenless.auth.kerberos.KerberosPrincipalName;
import io.tokenless.auth.x509.CertificateAttributes;
import io.tokenless.mapping.AttributeCondition;
import io.tokenless.mapping.DomainRef;
import io.tokenless.mapping.IdentityMapper;
import io.tokenless.mapping.MappedIdentity;
import io.tokenless.mapping.MappingRule;
import io.tokenless.mapping.MappingRules;
import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.KeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Identity mapping of an authenticated principal to its user, once per authenticated request.
 * The rules are the dev server's (realm rule, then "CN is the user, OU the domain") with a second
 * realm and a regular-expression rule for service certificates in between, so a certificate
 * principal is tried against three rules before the fourth yields, and a Kerberos principal
 * matches the first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class IdentityMappingBenchmark {

  @Param({"kerberos", "x509"})
  public String principal;

  private IdentityMapper mapper;
  private AuthenticatedPrincipal authenticated;

  @Setup(Level.Trial)
  public void setUp() {
    List<MappingRule> rules = new ArrayList<>(MappingRules.kerberosRealms(Map.of(
        "EXAMPLE.COM", DomainRef.byId("default"), "PARTNER.ORG", DomainRef.byName("partners"))));
    rules.add(MappingRule.of("service certificates",
        List.of(AttributeCondition.matching("SSL_CLIENT_S_DN_CN", "svc-[a-z0-9-]+")),
        "{SSL_CLIENT_S_DN_CN}", DomainRef.byName("services")));
    rules.add(MappingRule.of("dev CA certificates",
        List.of(AttributeCondition.present("SSL_CLIENT_S_DN_CN"), AttributeCondition.present("SSL_CLIENT_S_DN_OU")),
        "{SSL_CLIENT_S_DN_CN}", DomainRef.byName("{SSL_CLIENT_S_DN_OU}")));
    mapper = IdentityMapper.of(rules);
    authenticated = principal.equals("kerberos") ? kerberos() : certificate();
    if (mapper.map(authenticated).map(MappedIdentity::userName).filter("alice"::equals).isEmpty()) {
      throw new IllegalStateException("the rules do not map " + authenticated.name() + " to alice");
    }
  }

  private static AuthenticatedPrincipal kerberos() {
    KerberosPrincipalName name = KerberosPrincipalName.parse("alice@EXAMPLE.COM");
    return new AuthenticatedPrincipal("kerberos", name.full(), name.attributes());
  }

  /** The attributes of a real dev-CA client certificate, as the certificate mechanism passes them. */
  private static AuthenticatedPrincipal certificate() {
    try {
      CertificateAuthority ca = CertificateAuthority.create("CN=Tokenless Dev CA");
      X509Certificate alice = ca.issueClient("alice", Optional.of("Default"), 825, KeyType.EC_P256).certificate();
      return new AuthenticatedPrincipal("x509", CertificateAttributes.dn(alice.getSubjectX500Principal()),
          CertificateAttributes.of(alice));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot issue a dev certificate", e);
    }
  }

  @Benchmark
  public Optional<MappedIdentity> map() {
    return mapper.map(authenticated);
  }
}
