package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Payloads whose msgpack headers declare more than the bytes could hold are bad payloads, refused
 * before anything is allocated for them. The first was found by {@code FernetFuzzTest}: a map
 * header of 2^30 entries made msgpack-core allocate an array of {@code 2 * size} elements, which
 * overflowed into a {@code NegativeArraySizeException}.
 */
class PayloadSizeLimitsTest {
  private final PayloadCodec codec = PayloadCodec.keystoneDefaults();

  private void assertBadPayload(String hex) {
    assertThatThrownBy(() -> codec.unpack(HexFormat.of().parseHex(hex)))
        .isInstanceOfSatisfying(InvalidTokenException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.BAD_PAYLOAD));
  }

  @Test
  void mapHeaderOfTwoToTheThirtyEntries_isABadPayload_notANegativeArraySize() {
    assertBadPayload("9200df40000000");
  }

  @Test
  void arrayHeaderOfTwoToTheThirtyOneElements_isABadPayload_notAnOutOfMemoryError() {
    assertBadPayload("9200dd7fffffff");
  }

  @Test
  void binaryOfTwoGibibytesDeclared_isABadPayload() {
    assertBadPayload("9200c67fffffff00");
  }

  @Test
  void stringOfTwoGibibytesDeclared_isABadPayload() {
    assertBadPayload("9200db7fffffff41");
  }
}
