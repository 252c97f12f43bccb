package io.tokenless.pki;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes the PEM files of the PKI: certificates and bundles, private keys and CRLs.
 *
 * <p>Keys are written as unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}) with mode 0600; keys are
 * read from PKCS#8 or from the OpenSSL "traditional" forms ({@code BEGIN EC PRIVATE KEY},
 * {@code BEGIN RSA PRIVATE KEY}). Every write goes to a temporary file that is then moved over
 * the target, so a process that reloads the file on change never sees half of it.
 *
 * <p>Parse failures are {@link IOException}s naming the file; they never include key material.
 */
public final class Pem {
  private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
  private static final JcaX509CRLConverter CRLS = new JcaX509CRLConverter();
  private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

  private Pem() {}

  /** Every certificate in {@code file}, in file order; fails if there is none. */
  public static List<X509Certificate> readCertificates(Path file) throws IOException {
    try {
      return certificates(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every certificate in PEM {@code text}, in order; fails if there is none. */
  public static List<X509Certificate> certificates(String text) throws IOException {
    List<X509Certificate> result = new ArrayList<>();
    for (Object object : objects(new StringReader(text))) {
      if (object instanceof X509CertificateHolder holder) {
        try {
          result.add(CERTIFICATES.getCertificate(holder));
        } catch (CertificateException | RuntimeException e) {
          // Bouncy Castle parses nested DER lazily: malformed inner structures surface here as
          // unchecked ASN1ParsingException when the holder is re-encoded.
          throw new IOException("unreadable certificate: " + e.getMessage(), e);
        }
      }
    }
    if (result.isEmpty()) {
      throw new IOException("no PEM certificate found");
    }
    return List.copyOf(result);
  }

  /** The one private key in {@code file} (PKCS#8, or traditional EC/RSA). */
  public static PrivateKey readPrivateKey(Path file) throws IOException {
    List<Object> objects;
    try {
      objects = objects(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    for (Object object : objects) {
      try {
        if (object instanceof PrivateKeyInfo info) {
          return KEYS.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
          // The public half is optional in "EC PRIVATE KEY"; only the private key info is needed.
          return KEYS.getPrivateKey(pair.getPrivateKeyInfo());
        }
      } catch (IOException e) {
        // The converter's message names the algorithm, never the key bytes.
        throw new IOException(file + ": unreadable private key: " + e.getMessage(), e);
      }
    }
    throw new IOException(file + ": no unencrypted private key found (PKCS#8, EC or RSA PEM expected)");
  }

  /** The first CRL in {@code file}; fails on anything that is not a well-formed CRL. */
  public static X509CRL readCrl(Path file) throws IOException {
    List<Object> objects;
    try {
      objects = objects(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)));
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    for (Object object : objects) {
      if (object instanceof X509CRLHolder holder) {
        try {
          return CRLS.getCRL(holder);
        } catch (CRLException | RuntimeException e) {
          // Lazily parsed DER fails unchecked on re-encoding (found by fuzzing); still a bad file.
          throw new IOException(file + ": unreadable CRL: " + e.getMessage(), e);
        }
      }
    }
    throw new IOException(file + ": no PEM CRL found");
  }

  public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
    StringBuilder text = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      text.append(toPem(certificate));
    }
    writeAtomically(file, text.toString(), false);
  }

  /** Writes {@code key} as PKCS#8 PEM, readable by the owner only. */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    writeAtomically(file, toPem(key), true);
  }

  public static void writeCrl(Path file, X509CRL crl) throws IOException {
    writeAtomically(file, toPem(crl), false);
  }

  public static String toPem(X509Certificate certificate) {
    try {
      return encode("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  public static String toPem(X509CRL crl) {
    try {
      return encode("X509 CRL", crl.getEncoded());
    } catch (CRLException e) {
      throw new IllegalArgumentException("CRL cannot be encoded", e);
    }
  }

  /** PKCS#8 PEM of {@code key}. The result is key material: never log it. */
  public static String toPem(PrivateKey key) {
    try {
      PemObject object = new JcaPKCS8Generator(key, null).generate();
      return encode(object.getType(), object.getContent());
    } catch (IOException e) {
      throw new IllegalArgumentException("private key cannot be encoded as PKCS#8", e);
    }
  }

  private static String encode(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string failed", e);
    }
    return out.toString();
  }

  private static List<Object> objects(Reader reader) throws IOException {
    List<Object> result = new ArrayList<>();
    try (PEMParser parser = new PEMParser(reader)) {
      Object object;
      while ((object = parser.readObject()) != null) {
        result.add(object);
      }
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      // Bouncy Castle reports malformed DER inside a well-formed PEM block as unchecked errors.
      throw new IOException("malformed PEM: " + e.getMessage(), e);
    }
    return result;
  }

  private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
    try {
      if (secret) {
        setOwnerOnly(temporary);
      }
      Files.writeString(temporary, text, StandardCharsets.US_ASCII);
      try {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the ACL of the directory applies instead.
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
    }
  }
}
