package io.tokenless.fernet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The Keystone Fernet vectors in {@code shared/vectors/keystone-fernet}: real tokens, the key
 * repository that made them and what Keystone answered. Found through the {@code
 * tokenless.vectors} system property (set by the build) or by walking up from the working
 * directory. Missing vectors fail the test: a silent skip would hide a broken checkout.
 */
public final class KeystoneVectors {

  private static final String RELATIVE = "shared/vectors/keystone-fernet";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One token file. */
  public record VectorToken(String file, JsonNode json) {
    public String token() {
      return json.get("token").asText();
    }

    public boolean decryptable() {
      return !json.get("decrypts_with_key_file").isNull();
    }

    public JsonNode fields() {
      return json.at("/payload/fields");
    }

    public String msgpackHex() {
      return json.at("/payload/msgpack_hex").asText();
    }

    /** Keystone's token body from the validation right after issue. */
    public JsonNode keystoneBody() {
      return json.at("/validate_at_issue/body/token");
    }
  }

  private KeystoneVectors() {}

  public static Path directory() {
    String property = System.getProperty("tokenless.vectors");
    if (property != null && Files.isDirectory(Path.of(property))) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("Keystone Fernet vectors not found: set -Dtokenless.vectors or check "
        + "out shared/vectors/keystone-fernet beside or above " + Path.of("").toAbsolutePath()
        + " (tokenless.vectors=" + property + ")");
  }

  public static List<VectorToken> tokens() {
    List<VectorToken> tokens = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory().resolve("tokens"),
        "*.json")) {
      for (Path file : files) {
        tokens.add(new VectorToken(file.getFileName().toString(), JSON.readTree(file.toFile())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tokens.sort((a, b) -> a.file().compareTo(b.file()));
    if (tokens.size() < 16) {
      throw new AssertionError("expected the 16 Keystone vector tokens, found " + tokens.size());
    }
    return tokens;
  }

  public static VectorToken token(String namePrefix) {
    return tokens().stream()
        .filter(t -> t.file().startsWith(namePrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no vector token " + namePrefix));
  }

  public static JsonNode fixture() {
    try {
      return JSON.readTree(directory().resolve("fixture.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies a vector key repository ({@code keys} or {@code keys-before-rotation}) to
   * {@code target} with mode 0600, as the server insists; the checked-in files are read-only for
   * everyone.
   */
  public static Path copyRepository(String name, Path target) {
    try {
      Files.createDirectories(target);
      try (DirectoryStream<Path> keys = Files.newDirectoryStream(directory().resolve(name))) {
        for (Path key : keys) {
          Path copy = target.resolve(key.getFileName().toString());
          Files.copy(key, copy);
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        }
      }
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The key set Keystone validated every token with at the end. */
  public static FernetKeys keys(Path tempDir) {
    return new KeyRepository(copyRepository("keys", tempDir.resolve("keys"))).load();
  }
}
