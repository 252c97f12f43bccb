package io.tokenless.server;

import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.KerberosAcceptor;
import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.auth.kerberos.NegotiateAuthenticator;
import io.tokenless.auth.kerberos.krb5.FastPathAcceptor;
import io.tokenless.auth.x509.ClientCertificateValidator;
import io.tokenless.auth.x509.ValidatorConfig;
import io.tokenless.config.KerberosConfig;
import io.tokenless.config.TlsConfig;
import io.tokenless.http.auth.AuthMechanism;
import io.tokenless.http.auth.ClientCertificateMechanism;
import io.tokenless.http.auth.SpnegoMechanism;
import io.tokenless.http.tls.ClientAuthMode;
import io.tokenless.http.tls.ServerTls;
import io.tokenless.http.tls.ServerTlsConfig;
import io.tokenless.http.tls.TrustedProxies;
import java.time.Duration;
import java.util.List;

/** Builds the authentication mechanisms and TLS material from their configuration sections. */
final class Mechanisms {
  private Mechanisms() {}

  static AuthMechanism spnego(KerberosConfig config) {
    if (config.krb5Conf() != null) {
      KerberosSettings.apply(config.krb5Conf(), Duration.ofSeconds(config.clockSkewSeconds()));
    }
    // The JDK reads the skew from krb5.conf (set just above); the fast path gets it here. Without
    // a krb5Conf setting the JDK keeps the system file's skew for the tokens it still handles.
    KerberosAcceptor acceptor = FastPathAcceptor.create(new AcceptorConfig(config.keytab(), config.principals(),
        Duration.ofSeconds(config.clockSkewSeconds()), config.replayCacheMaxEntries()));
    return new SpnegoMechanism(new NegotiateAuthenticator(acceptor));
  }

  static ServerTls serverTls(TlsConfig config) {
    return ServerTls.create(ServerTlsConfig.of(config.privateKey(), config.certificate(),
        config.clientCa() == null ? List.of() : List.of(config.clientCa()),
        ClientAuthMode.parse(config.clientAuth().name())));
  }

  static AuthMechanism clientCertificate(TlsConfig config) {
    ValidatorConfig validation = ValidatorConfig.trusting(config.clientCa())
        .withCrlFiles(config.crls())
        .withFailOnStaleCrl(config.requireFreshCrl());
    return new ClientCertificateMechanism(new ClientCertificateValidator(validation),
        TrustedProxies.of(config.trustedProxies()), ClientCertificateMechanism.DEFAULT_HEADER);
  }
}
