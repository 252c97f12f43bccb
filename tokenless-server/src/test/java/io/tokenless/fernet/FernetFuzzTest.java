package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fuzz targets for the token decoder: any text as a Fernet token against Keystone's real key
 * set, and any bytes as a msgpack payload. The only failure either may report is
 * {@link InvalidTokenException}. In regression mode (the default) each target runs the seed
 * corpus in {@code src/test/resources/io/tokenless/fernet/FernetFuzzTestInputs/}: real Keystone
 * tokens and their payloads, plus every input that once broke a target.
 */
class FernetFuzzTest {
  private static final FernetKeys KEYS = vectorKeys();
  private static final PayloadCodec PAYLOADS = PayloadCodec.keystoneDefaults();

  /** The vector key repository read in place; its files are read-only, which is enough here. */
  private static FernetKeys vectorKeys() {
    Path directory = KeystoneVectors.directory().resolve("keys");
    Map<Integer, FernetKey> keys = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        keys.put(Integer.parseInt(file.getFileName().toString()), FernetKey.parse(Files.readString(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FernetKeys.of(keys);
  }

  @FuzzTest(maxDuration = "5m")
  void anyTokenText_decryptsAndUnpacks_orIsAnInvalidToken(byte[] input) {
    String token = new String(input, StandardCharsets.UTF_8);
    DecryptedToken decrypted;
    try {
      decrypted = FernetCodec.decrypt(token, KEYS);
    } catch (InvalidTokenException e) {
      // One opaque message for every cause: a client cannot tell a bad MAC from bad base64.
      assertThat(e.getMessage()).isEqualTo("Could not validate token");
      return;
    }
    // Only a token made with one of these keys gets here; its payload must unpack or be invalid.
    try {
      PAYLOADS.unpack(decrypted.plaintext());
    } catch (InvalidTokenException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "5m")
  void anyPayloadBytes_unpackToAPayload_orAreAnInvalidToken(byte[] input) {
    TokenPayload payload;
    try {
      payload = PAYLOADS.unpack(input);
    } catch (InvalidTokenException e) {
      assertThat(e.reason()).isIn(InvalidTokenException.Reason.BAD_PAYLOAD,
          InvalidTokenException.Reason.UNKNOWN_PAYLOAD_VERSION);
      return;
    }
    assertThat(payload.version()).isBetween(0, 9);
    assertThat(payload.userId()).isNotEmpty();
  }
}
