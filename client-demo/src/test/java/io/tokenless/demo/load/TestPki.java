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
 * A throw-away CA for tests: an EC P-256 (or RSA-2048) root, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, and a client certificate for {@code alice}, all with
 * keys of that one type, written as PEM files the way {@code tokenless dev} lays out its data
 * directory ({@code pki/ca.pem}, {@code pki/clients/alice.pem}, {@code pki/clients/alice-key.pem}
 * in PKCS#8), plus {@code pki/clients/alice-traditional-key.pem}: the same key in OpenSSL's
 * traditional form ({@code BEGIN RSA PRIVATE KEY} for RSA, as {@code openssl genrsa} of
 * OpenSSL 1.x writes it).
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

  /** Key types of the test PKI. */
  enum Keys {
    EC("EC", 256, "SHA256withECDSA", KeyUsage.digitalSignature),
    // RSA server keys may also do RSA key transport in TLS 1.2, as the dev CA's do.
    RSA("RSA", 2048, "SHA256withRSA", KeyUsage.digitalSignature | KeyUsage.keyEncipherment);

    final String algorithm;
    final int size;
    final String signature;
    final int leafUsage;

    Keys(String algorithm, int size, String signature, int leafUsage) {
      this.algorithm = algorithm;
      this.size = size;
      this.signature = signature;
      this.leafUsage = leafUsage;
    }

    KeyPair generate() throws GeneralSecurityException {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(size);
      return generator.generateKeyPair();
    }
  }

  static TestPki create(Path dataDir) throws Exception {
    return create(dataDir, Keys.EC);
  }

  static TestPki create(Path dataDir, Keys keys) throws Exception {
    KeyPair caKeys = keys.generate();
    X500Name caName = new X500Name("CN=Load Test CA,O=Example");
    X509v3CertificateBuilder root = builder(caName, caName, caKeys);
    root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    root.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate ca = sign(root, caKeys, keys);

    KeyPair serverKeys = keys.generate();
    X509v3CertificateBuilder leaf = builder(caName, new X500Name("CN=localhost"), serverKeys);
    leaf.addExtension(Extension.keyUsage, true, new KeyUsage(keys.leafUsage));
    leaf.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    leaf.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    X509Certificate server = sign(leaf, caKeys, keys);

    KeyPair aliceKeys = keys.generate();
    X509v3CertificateBuilder client = builder(caName, new X500Name("CN=alice,O=Example"), aliceKeys);
    client.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    client.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    X509Certificate alice = sign(client, caKeys, keys);

    Path clients = Files.createDirectories(dataDir.resolve("pki/clients"));
    writePem(dataDir.resolve("pki/ca.pem"), ca);
    writePem(clients.resolve("alice.pem"), alice);
    // PKCS#8, "BEGIN PRIVATE KEY", as openssl genpkey writes it.
    writePem(clients.resolve("alice-key.pem"), new JcaPKCS8Generator(aliceKeys.getPrivate(), null).generate());
    // Bouncy Castle writes a bare private key in the traditional form: PKCS#1 for RSA, SEC1 for EC.
    writePem(clients.resolve("alice-traditional-key.pem"), aliceKeys.getPrivate());
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

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(
        System.nanoTime() & 0xffff)), Date.from(now.minus(1, ChronoUnit.HOURS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)), subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer, Keys keys)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(keys.signature).build(issuer.getPrivate())));
  }

  private static void writePem(Path file, Object item) throws IOException {
    try (Writer writer = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(item);
    }
  }
}
