package io.tokenless.auth.x509;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.pki.CertificateAuthority;
import io.tokenless.pki.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM blocks whose inner DER is corrupt are reported as {@link IOException}, the failure callers
 * handle (a CRL reload keeps the last good CRL; a forwarded certificate header is a 401). Bouncy
 * Castle parses nested structures lazily and threw an unchecked {@code ASN1ParsingException}
 * from {@code Pem.readCrl} for the CRL {@code CertificateFuzzTest} found.
 */
class MalformedPemTest {
  private static final String CRL = "CertificateFuzzTestInputs/anyCrlFile_isReadAndChecked_orRefusedWithAnIoError/"
      + "regression-lazy-der-length-out-of-bounds";

  @Test
  void crlWithAnInnerLengthPastItsEnd_isAnIoErrorNamingTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crl.pem");
    try (InputStream in = MalformedPemTest.class.getResourceAsStream(CRL)) {
      Files.write(file, in.readAllBytes());
    }

    assertThatThrownBy(() -> Pem.readCrl(file)).isInstanceOf(IOException.class).hasMessageStartingWith(file + ": ");
  }

  @Test
  void certificateWithTheSameCorruptionInItsIssuerName_isAnIoError() throws Exception {
    byte[] der = CertificateAuthority.create("CN=Seed CA,O=Example").certificate().getEncoded();
    // The first attribute type of the issuer name: OID 2.5.4.10 (06 03 55 04 0A); its length
    // byte 03 becomes 0x30, past the end of the enclosing SET, as in the CRL above.
    for (int i = 0; i + 4 < der.length; i++) {
      if (der[i] == 0x06 && der[i + 1] == 0x03 && der[i + 2] == 0x55 && der[i + 3] == 0x04 && der[i + 4] == 0x0a) {
        der[i + 1] = 0x30;
        break;
      }
    }
    String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";

    assertThatThrownBy(() -> Pem.certificates(pem)).isInstanceOf(IOException.class);
  }
}
