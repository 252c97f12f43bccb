package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.fernet.InvalidTokenException.Reason;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated bad tokens, made from a real Keystone token, must all be refused. */
class FernetCodecTest {

  @TempDir Path tempDir;

  private FernetKeys keys;
  private String token;
  private byte[] bytes;

  @BeforeEach
  void setUp() {
    keys = KeystoneVectors.keys(tempDir);
    token = KeystoneVectors.token("03-").token();
    bytes = Base64.getUrlDecoder().decode(token);
  }

  @Test
  void oneFlippedBit_inAnyRegion_isRejected() {
    Map<String, Integer> regions = new LinkedHashMap<>();
    regions.put("version", 0);
    regions.put("timestamp", 8);
    regions.put("iv", 9);
    regions.put("iv end", 24);
    regions.put("ciphertext", 25);
    regions.put("ciphertext end", bytes.length - 33);
    regions.put("hmac", bytes.length - 32);
    regions.put("hmac end", bytes.length - 1);
    List<String> accepted = new ArrayList<>();
    for (Map.Entry<String, Integer> region : regions.entrySet()) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = bytes.clone();
        flipped[region.getValue()] ^= (byte) (1 << bit);
        String bad = Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
        if (rejectionOf(bad) == null) {
          accepted.add(region.getKey() + " bit " + bit);
        }
      }
    }
    assertThat(accepted).as("tampered tokens accepted").isEmpty();
  }

  @Test
  void flippedVersionByte_isRejectedAsUnsupportedVersion() {
    byte[] flipped = bytes.clone();
    flipped[0] = (byte) 0x81;

    assertThat(rejectionOf(Base64.getUrlEncoder().withoutPadding().encodeToString(flipped)))
        .isEqualTo(Reason.UNSUPPORTED_VERSION);
  }

  @Test
  void truncatedTokens_areRejected() {
    List<String> accepted = new ArrayList<>();
    for (int cut : new int[] {1, 2, 3, 4, 22, 43, 44, token.length() - 1}) {
      if (rejectionOf(token.substring(0, token.length() - cut)) == null) {
        accepted.add("cut " + cut);
      }
    }
    assertThat(accepted).isEmpty();
  }

  @Test
  void theUnpaddedAndTheCorrectlyPaddedSpelling_areBothAccepted() throws InvalidTokenException {
    // 183 characters: Keystone stripped one '='; restore_padding puts it back.
    assertThat(token.length() % 4).isEqualTo(3);

    assertThat(FernetCodec.decrypt(token, keys).keyNumber()).isEqualTo(1);
    assertThat(FernetCodec.decrypt(token + "=", keys).keyNumber()).isEqualTo(1);
  }

  @Test
  void extraPadding_isRejected() {
    String twoStripped = KeystoneVectors.token("02-").token();
    assertThat(twoStripped.length() % 4).isEqualTo(2);

    assertThat(rejectionOf(token + "==")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(token + "===")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(twoStripped + "=")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(twoStripped + "===")).isEqualTo(Reason.MALFORMED);
    String noneStripped = KeystoneVectors.token("04-").token();
    assertThat(rejectionOf(noneStripped + "=")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(noneStripped + "====")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void garbageEmptyAndNonBase64Tokens_areRejectedAsMalformed() {
    assertThat(rejectionOf("")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(null)).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf("not a token")).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(token.replace('_', '/').replace('-', '+') + "+"))
        .isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(token.substring(0, 100) + "*" + token.substring(101)))
        .isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf(" " + token)).isEqualTo(Reason.MALFORMED);
    assertThat(rejectionOf("gAAAAA")).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void randomBytesOfAValidLength_areRejected() {
    byte[] random = new byte[bytes.length];
    new SecureRandom().nextBytes(random);
    random[0] = (byte) 0x80;

    assertThat(rejectionOf(Base64.getUrlEncoder().withoutPadding().encodeToString(random)))
        .isEqualTo(Reason.NO_MATCHING_KEY);
  }

  @Test
  void nonCanonicalLastCharacter_isRejected() {
    // 183 characters carry 137 bytes plus 2 unused bits in the last character; setting them
    // spells the same bytes differently.
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char other = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String respelled = token.substring(0, token.length() - 1) + other;

    assertThat(Base64.getUrlDecoder().decode(respelled)).isEqualTo(bytes);
    assertThat(rejectionOf(respelled)).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void overlongToken_isRejectedBeforeDecoding() {
    assertThat(rejectionOf("A".repeat(FernetCodec.MAX_TOKEN_LENGTH + 1)))
        .isEqualTo(Reason.TOO_LONG);
  }

  @Test
  void tokenFromAnotherRepository_isRejected() throws InvalidTokenException {
    FernetKeys other = new KeyRepository(tempDir.resolve("other")).setup();
    String foreign = new FernetCodec(KeySource.fixed(other)).encrypt(new byte[] {1, 2, 3});

    assertThat(new FernetCodec(KeySource.fixed(other)).decrypt(foreign).plaintext())
        .containsExactly(1, 2, 3);
    assertThat(rejectionOf(foreign)).isEqualTo(Reason.NO_MATCHING_KEY);
  }

  @Test
  void newTokens_areEncryptedWithThePrimaryKey_andStripPadding() throws InvalidTokenException {
    FernetCodec codec = new FernetCodec(KeySource.fixed(keys));
    List<String> tokens = new ArrayList<>();
    for (int length = 0; length < 48; length++) {
      tokens.add(codec.encrypt(new byte[length]));
    }

    for (String issued : tokens) {
      assertThat(issued).startsWith("gAAAAA").doesNotContain("=");
      assertThat(codec.decrypt(issued).keyNumber()).isEqualTo(keys.primary().number());
    }
  }

  @Test
  void invalidTokenMessage_isTheSameWhateverTheReason() {
    InvalidTokenException malformed = rejection("");
    InvalidTokenException foreign = rejection(KeystoneVectors.token("15-").token());

    assertThat(malformed.getMessage()).isEqualTo(foreign.getMessage());
    assertThat(malformed.reason()).isNotEqualTo(foreign.reason());
  }

  private Reason rejectionOf(String candidate) {
    try {
      FernetCodec.decrypt(candidate, keys);
      return null;
    } catch (InvalidTokenException e) {
      return e.reason();
    }
  }

  private InvalidTokenException rejection(String candidate) {
    return (InvalidTokenException) org.assertj.core.api.Assertions.catchThrowable(
        () -> FernetCodec.decrypt(candidate, keys));
  }

  @Test
  void keysRefuseToPrintTheirBytes() {
    FernetKey key = keys.primary().key();

    assertThat(key.toString()).isEqualTo("FernetKey[redacted]");
    assertThat(keys.toString()).doesNotContain(key.toStorageString());
    assertThatThrownBy(() -> FernetKey.parse("c7gIWEw3s4J1bpvSPd3MSvdoRlJ0qOCQCHE-602x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("c7gIWEw3");
  }
}
