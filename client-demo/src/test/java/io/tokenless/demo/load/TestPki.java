package io.tokenless.demo.load;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA for tests: an EC P-256 root, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and a client certificate for {@code alice}, written as PEM files the way
 * {@code tokenless dev} lays out its data directory ({@code pki/ca.pem},
 * {@code pki/clients/alice.pem}, {@code pki/clients/alice-key.pem}).
 */
final class TestPki {
  private static final char[] PASSWORD = "test".toCharArray();

  final Path dataDir;
  final KeyPair caKeys;
  final X509Certificate ca;
  final KeyPair serverKeys;
  final X509Certificate server;

  private TestPki(Path dataDir, KeyPair caKeys, X509Certificate ca, KeyPair serverKeys, X509Certificate server) {
    this.dataDir = dataDir;
    this.caKeys = caKeys;
    this.ca = ca;
    this.serverKeys = serverKeys;
    this.server = server;
  }

  static TestPki create(Path dataDir) throws Exception {
    KeyPair caKeys = ecKeys();
    X500Name caName = new X500Name("CN=Load Test CA,O=Example");
    X509v3CertificateBuilder root = builder(caName, caName, caKeys);
    root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    root.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate ca = sign(root, caKeys);

    KeyPair serverKeys = ecKeys();
    X509v3CertificateBuilder leaf = builder(caName, new X500Name("CN=localhost"), serverKeys);
    leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate server = sign(leaf, caKeys);

    KeyPair aliceKeys = ecKeys();
    X509v3CertificateBuilder client = builder(caName, new X500Name("CN=alice,O=Example"), aliceKeys);
    client.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    client.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate alice = sign(client, caKeys);

    Path clients = Files.createDirectories(dataDir.resolve("pki/clients"));
    writePem(dataDir.resolve("pki/ca.pem"), ca);
    writePem(clients.resolve("alice.pem"), alice);
    // PKCS#8, "BEGIN PRIVATE KEY", as openssl genpkey writes it.
    writePem(clients.resolve("alice-key.pem"), new JcaPKCS8Generator(aliceKeys.getPrivate(), null).generate());
    return new TestPki(dataDir, caKeys, ca, serverKeys, server);
  }

  /** The server side: this CA's server certificate, trusting this CA for client certificates. */
  SSLContext serverContext() throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD, new X509Certificate[] {server, ca});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(
        System.nanoTime() & 0xffff)), Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  private static void writePem(Path file, Object item) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(item);
    }
  }
}
