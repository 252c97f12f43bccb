package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.kdc.KdcExtension;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KdcExtension.class)
class KeytabFileTest {

  @Test
  void keytabOfTheTestKdc_isReadWithNamesVersionsAndBothAesKeys(Principals principals) throws Exception {
    KdcPrincipal service = principals.service("HTTP");

    List<KeytabFile.Entry> entries = KeytabFile.parse(Files.readAllBytes(service.keytab()));

    assertThat(entries).extracting(KeytabFile.Entry::principal).containsOnly(service.name());
    assertThat(entries).extracting(entry -> entry.key().etype()).containsExactlyInAnyOrder(17, 18);
    assertThat(entries).allSatisfy(entry -> {
      assertThat(entry.kvno()).isPositive();
      assertThat(entry.key().bytes()).hasSize(AesCtsHmacSha1.keyLength(entry.key().etype()));
    });
  }

  @Test
  void truncatedOrForeignFiles_failWithKrb5Exception(Principals principals) throws Exception {
    byte[] file = Files.readAllBytes(principals.service("HTTP").keytab());

    int complete = KeytabFile.parse(file).size();
    for (int length = 0; length < file.length; length++) {
      // Cut at an entry boundary the rest reads as fewer entries; anywhere else it is refused.
      try {
        assertThat(KeytabFile.parse(Arrays.copyOf(file, length))).as("first %d bytes", length).hasSizeLessThan(complete);
      } catch (Krb5Exception expected) {
        assertThat(expected.getMessage()).contains("keytab");
      }
    }
    byte[] version501 = file.clone();
    version501[1] = 0x01;
    assertThatThrownBy(() -> KeytabFile.parse(version501)).isInstanceOf(Krb5Exception.class).hasMessageContaining("0x0502");
  }
}
