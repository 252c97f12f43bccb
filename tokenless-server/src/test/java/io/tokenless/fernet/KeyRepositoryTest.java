package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRepositoryTest {

  @TempDir Path tempDir;

  @Test
  void keystoneRepository_loadsWithKeystonesRoles() {
    FernetKeys keys = KeystoneVectors.keys(tempDir);

    assertThat(keys.numbers()).containsExactly(2, 1, 0);
    assertThat(keys.primary().number()).isEqualTo(2);
    assertThat(keys.roleOf(1)).isEqualTo(FernetKeys.Role.SECONDARY);
    assertThat(keys.staged()).map(FernetKeys.Numbered::number).contains(0);
  }

  @Test
  void setup_writesStagedAndPrimaryKeys_withOwnerOnlyPermissions() throws IOException {
    Path dir = tempDir.resolve("fernet-keys");

    FernetKeys keys = new KeyRepository(dir).setup();

    assertThat(keys.numbers()).containsExactly(1, 0);
    assertThat(keys.primary().key()).isNotEqualTo(keys.staged().orElseThrow().key());
    for (String name : List.of("0", "1")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
          .isEqualTo("rw-------");
      assertThat(Files.readString(dir.resolve(name))).hasSize(44).endsWith("=");
    }
    assertThat(Files.exists(dir.resolve("0.tmp"))).isFalse();
  }

  @Test
  void setup_leavesAnInitialisedRepositoryAlone() throws IOException {
    Path dir = tempDir.resolve("fernet-keys");
    new KeyRepository(dir).setup();
    String staged = Files.readString(dir.resolve("0"));

    FernetKeys again = new KeyRepository(dir).setup();

    assertThat(again.numbers()).containsExactly(1, 0);
    assertThat(Files.readString(dir.resolve("0"))).isEqualTo(staged);
  }

  @Test
  void rotate_promotesTheStagedKey_likeKeystoneManage() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys-before-rotation", tempDir.resolve("repo"));
    String staged = Files.readString(dir.resolve("0"));

    FernetKeys rotated = new KeyRepository(dir).rotate(3);

    // The README: fernet_rotate renamed 0 -> 2 (same content) and wrote a new 0.
    assertThat(rotated.numbers()).containsExactly(2, 1, 0);
    assertThat(Files.readString(dir.resolve("2"))).isEqualTo(staged);
    assertThat(Files.readString(dir.resolve("0"))).isNotEqualTo(staged);
    assertThat(rotated.primary().key()).isEqualTo(FernetKey.parse(staged));
  }

  @Test
  void rotate_keepsMaxActiveKeys_andDeletesTheOldest() {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();

    assertThat(repository.rotate(3).numbers()).containsExactly(2, 1, 0);
    assertThat(repository.rotate(3).numbers()).containsExactly(3, 2, 0);
    assertThat(repository.rotate(3).numbers()).containsExactly(4, 3, 0);
    assertThat(repository.rotate(5).numbers()).containsExactly(5, 4, 3, 0);
    assertThat(repository.rotate(2).numbers()).containsExactly(6, 0);
  }

  @Test
  void rotate_keepsTokensOfTheOldPrimaryValid_untilItIsPurged() throws InvalidTokenException {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    FernetCodec codec = new FernetCodec(() -> repository.load());
    String token = codec.encrypt(new byte[] {42});

    repository.rotate(3);
    assertThat(codec.decrypt(token).keyNumber()).isEqualTo(1);
    repository.rotate(3);

    assertThatThrownBy(() -> codec.decrypt(token)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void rotate_refusesMaxActiveKeysBelowTwo() {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();

    assertThatThrownBy(() -> repository.rotate(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_active_keys");
  }

  @Test
  void keyFileReadableByOthers_isRefused_namingTheFile() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.setPosixFilePermissions(dir.resolve("1"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining(dir.resolve("1").toString())
        .hasMessageContaining("chmod 600");
  }

  @Test
  void keyFileWritableByGroup_isRefused() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.setPosixFilePermissions(dir.resolve("2"), PosixFilePermissions.fromString("rw--w----"));

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining(dir.resolve("2").toString());
  }

  @Test
  void checkedInVectorKeys_areRefusedAsTheyAreWorldReadable() {
    Path checkedIn = KeystoneVectors.directory().resolve("keys");

    assertThatThrownBy(() -> new KeyRepository(checkedIn).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining("group or others");
  }

  @Test
  void keyFileWithBadContent_isRefused_namingTheFile_withoutTheContent() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.writeString(dir.resolve("1"), "secret-but-not-a-key");

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining(dir.resolve("1").toString())
        .hasMessageNotContaining("secret-but-not-a-key");
  }

  @Test
  void keyFileWithATrailingNewline_isAccepted() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.writeString(dir.resolve("1"), Files.readString(dir.resolve("1")) + "\n");

    assertThat(new KeyRepository(dir).load().numbers()).containsExactly(2, 1, 0);
  }

  @Test
  void emptyKeyFilesAndNonNumericNames_areIgnored() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.writeString(dir.resolve("7"), "");
    Files.setPosixFilePermissions(dir.resolve("7"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve("0.tmp"), "half-written");
    Files.writeString(dir.resolve("README"), "notes");

    assertThat(new KeyRepository(dir).load().numbers()).containsExactly(2, 1, 0);
  }

  @Test
  void twoFilesWithTheSameNumber_areRefused() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.copy(dir.resolve("1"), dir.resolve("01"));

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining("same number");
  }

  @Test
  void missingOrEmptyRepository_isRefusedWithAHint() throws IOException {
    assertThatThrownBy(() -> new KeyRepository(tempDir.resolve("absent")).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining("fernet setup");
    Path empty = Files.createDirectory(tempDir.resolve("empty"));

    assertThatThrownBy(() -> new KeyRepository(empty).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining("holds no key");
  }

  @Test
  void repositoryDirectoryWritableByOthers_isRefused() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining("chmod 700");
  }

  @Test
  void keyFileOwnedByAnotherUser_isRefused() throws IOException {
    Path dir = KeystoneVectors.copyRepository("keys", tempDir.resolve("repo"));
    long self = ((Number) Files.getAttribute(dir.resolve("1"), "unix:uid")).longValue();
    // Only root can give a file away; elsewhere this case cannot be built.
    org.junit.jupiter.api.Assumptions.assumeTrue(self == 0, "needs root to chown");
    Files.setAttribute(dir.resolve("1"), "unix:uid", 65534);

    assertThatThrownBy(() -> new KeyRepository(dir).load())
        .isInstanceOf(KeyRepositoryException.class)
        .hasMessageContaining(dir.resolve("1").toString())
        .hasMessageContaining("owned by uid 65534");
  }
}
