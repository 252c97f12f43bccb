package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  private static DerReader reader(String hex) {
    return DerReader.of(HEX.parseHex(hex));
  }

  @Test
  void shortAndLongFormLengths_areRead() throws Exception {
    assertThat(reader("0403616263").readOctetString()).containsExactly('a', 'b', 'c');
    assertThat(reader("048103616263").readOctetString()).containsExactly('a', 'b', 'c');
    assertThat(reader("04840000000161").readOctetString()).containsExactly('a');
    byte[] big = DerWriter.octetString(new byte[300]);
    assertThat(HEX.formatHex(big, 0, 4)).isEqualTo("0482012c");
    assertThat(DerReader.of(big).readOctetString()).hasSize(300);
  }

  /** Each input must fail with our exception, never an index exception or an allocation of its claim. */
  @Test
  void malformedInputs_failWithKrb5Exception() {
    String[] inputs = {
        "", "04", "0405616263", "0480616263", "0485ffffffffff", "0484ffffffff00", "0482ffff",
        "048200", "02", "0200", "0209010203040506070809", "1f0100", "3003020105ff",
        "180f3230323431333031303030303030", "180e32303234303130313030303030", "180f323032343031303130303030305a00",
        "180f32303234303133323030303030305a", "1b02c328", "0300", "030108", "0600",
    };
    List<String> escaped = new ArrayList<>();
    for (String input : inputs) {
      try {
        DerReader reader = reader(input);
        switch (reader.peekTag()) {
          case 0x02 -> reader.readInteger();
          case 0x03 -> reader.readFlags();
          case 0x06 -> reader.readOidContents();
          case 0x18 -> reader.readKerberosTime();
          case 0x1b -> reader.readKerberosString();
          case 0x30 -> {
            DerReader sequence = reader.read(0x30);
            sequence.readInteger();
            sequence.readInteger();
          }
          default -> reader.readOctetString();
        }
        escaped.add(input + ": no exception");
      } catch (Krb5Exception expected) {
        // what every malformed input must produce
      } catch (RuntimeException e) {
        escaped.add(input + ": " + e);
      }
    }
    assertThat(escaped).isEmpty();
  }

  @Test
  void kerberosTime_isReadAsEpochSeconds_andWrittenBack() throws Exception {
    byte[] encoded = DerWriter.kerberosTime(1_700_000_000L);

    assertThat(new String(encoded, 2, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("20231114221320Z");
    assertThat(DerReader.of(encoded).readKerberosTime()).isEqualTo(1_700_000_000L);
  }

  @Test
  void integers_roundTripThroughTheWriter() throws Exception {
    for (long value : new long[] {0, 5, 127, 128, 255, 256, -1, -128, -129, 0x3fffffffL, 0xffffffffL, Integer.MIN_VALUE}) {
      assertThat(DerReader.of(DerWriter.integer(value)).readInteger()).as("%d", value).isEqualTo(value);
    }
    assertThat(HEX.formatHex(DerWriter.integer(128))).isEqualTo("02020080");
    assertThat(reader("0204ffffffff").readUInt32()).isEqualTo(0xffffffffL);
  }

  @Test
  void kerberosFlags_numberBitZeroAsTheTopBit() throws Exception {
    // ap-options with mutual-required (bit 2), as every client sends them
    assertThat(reader("03050020000000").readFlags()).isEqualTo(ApReq.MUTUAL_REQUIRED);
    assertThat(reader("03050001000000").readFlags()).isEqualTo(EncTicketPart.INVALID);
  }
}
