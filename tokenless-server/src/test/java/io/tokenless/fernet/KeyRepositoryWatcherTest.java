package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRepositoryWatcherTest {

  @TempDir Path tempDir;

  @Test
  void rotationOnDisk_isPickedUpWithoutRestart() throws InvalidTokenException {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);
    FernetCodec codec = new FernetCodec(watcher);
    String before = codec.encrypt(new byte[] {1});

    // Another process (tokenless fernet rotate, or a sync) rotates the repository.
    new KeyRepository(tempDir.resolve("repo")).rotate(3);

    assertThat(watcher.current().numbers()).containsExactly(2, 1, 0);
    assertThat(codec.decrypt(codec.encrypt(new byte[] {2})).keyNumber()).isEqualTo(2);
    assertThat(codec.decrypt(before).keyNumber()).isEqualTo(1);
  }

  @Test
  void brokenRepository_keepsTheLastGoodKeys_andReportsWhy() throws IOException {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);
    FernetKeys good = watcher.current();

    Path bad = tempDir.resolve("repo").resolve("5");
    Files.writeString(bad, "truncated-by-a-sync");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-------"));

    assertThat(watcher.current()).isSameAs(good);
    assertThat(watcher.lastFailure()).get().asString().contains(bad.toString());

    Files.delete(bad);
    repository.rotate(3);

    assertThat(watcher.current().numbers()).containsExactly(2, 1, 0);
    assertThat(watcher.lastFailure()).isEmpty();
  }

  @Test
  void keyFileDeletedOrEmptied_withoutARotation_keepsTheLastGoodKeys_untilARotation() throws Exception {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    repository.rotate(4);
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);
    FernetKeys good = watcher.current();
    FernetCodec codec = new FernetCodec(watcher);
    String underPrimary = codec.encrypt(new byte[] {1});
    Path primary = tempDir.resolve("repo").resolve("2");
    Path secondary = tempDir.resolve("repo").resolve("1");

    Files.delete(primary);
    assertThat(watcher.current()).as("primary deleted").isSameAs(good);
    assertThat(watcher.lastFailure()).get().asString().contains("lost key(s) [2]");
    assertThat(codec.decrypt(underPrimary).keyNumber()).isEqualTo(2);

    Files.writeString(primary, good.primary().key().toStorageString());
    Files.setPosixFilePermissions(primary, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(secondary, "");
    assertThat(watcher.current()).as("secondary emptied").isSameAs(good);
    assertThat(watcher.lastFailure()).get().asString().contains("lost key(s) [1]");

    repository.rotate(4);
    assertThat(watcher.current().numbers()).as("a rotation is accepted").containsExactly(3, 2, 0);
    assertThat(watcher.lastFailure()).isEmpty();
    assertThat(codec.decrypt(underPrimary).keyNumber()).isEqualTo(2);
  }

  @Test
  void unchangedRepository_keepsTheSameKeySet() {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);

    assertThat(watcher.current()).isSameAs(watcher.current());
  }

  @Test
  void withinTheCheckInterval_theDiskIsNotReread_untilCheckNow() {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ofHours(1));

    repository.rotate(3);

    assertThat(watcher.current().numbers()).containsExactly(1, 0);
    watcher.checkNow();
    assertThat(watcher.current().numbers()).containsExactly(2, 1, 0);
  }

  @Test
  void rotationSeenBetweenItsSteps_endsOnTheRotatedKeys() throws Exception {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    repository.rotate(3);
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);
    assertThat(watcher.current().numbers()).containsExactly(2, 1, 0);
    Path dir = tempDir.resolve("repo");

    // What a check between the steps of a rotation sees: 0 promoted to 3, no new 0 yet, 1 not purged.
    Files.move(dir.resolve("0"), dir.resolve("3"));
    assertThat(watcher.current().numbers()).containsExactly(3, 2, 1);
    Files.writeString(dir.resolve("0"), FernetKey.generate(new java.security.SecureRandom()).toStorageString());
    Files.setPosixFilePermissions(dir.resolve("0"), PosixFilePermissions.fromString("rw-------"));
    Files.delete(dir.resolve("1"));

    assertThat(watcher.current().numbers()).containsExactly(3, 2, 0);
    assertThat(watcher.lastFailure()).isEmpty();
  }

  @org.junit.jupiter.api.RepeatedTest(10)
  void duringRepeatedRotations_theWatcherOnlyMovesForward_andEndsOnTheLastKeys()
      throws Exception {
    KeyRepository repository = new KeyRepository(tempDir.resolve("repo"));
    repository.setup();
    KeyRepositoryWatcher watcher = new KeyRepositoryWatcher(repository, Duration.ZERO);
    java.util.concurrent.atomic.AtomicBoolean rotating =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread rotator = new Thread(() -> {
      try {
        for (int i = 0; i < 30; i++) {
          new KeyRepository(tempDir.resolve("repo")).rotate(3);
          Thread.sleep(5);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        rotating.set(false);
      }
    });
    rotator.start();
    int lastPrimary = 1;
    int observations = 0;
    try {
      while (rotating.get()) {
        FernetKeys keys = watcher.current();
        // A half-rotated directory must never send the watcher back to older keys.
        assertThat(keys.primary().number()).isGreaterThanOrEqualTo(lastPrimary);
        lastPrimary = keys.primary().number();
        FernetCodec codec = new FernetCodec(KeySource.fixed(keys));
        assertThat(codec.decrypt(codec.encrypt(new byte[] {7})).plaintext()).containsExactly(7);
        observations++;
      }
    } finally {
      rotator.join();
    }
    watcher.checkNow();
    assertThat(watcher.current().numbers()).containsExactly(31, 30, 0);
    assertThat(observations).isPositive();
  }

  @Test
  void unloadableRepositoryAtStart_stopsTheServer() {
    assertThatThrownBy(() -> new KeyRepositoryWatcher(new KeyRepository(tempDir.resolve("none"))))
        .isInstanceOf(KeyRepositoryException.class);
  }
}
