package io.tokenless.fernet;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the key set of a repository current without a restart: Keystone reads its keys from
 * disk on every use, so a rotation or a key sync takes effect at once; we get the same effect
 * by comparing the directory listing (names, sizes, modification times) at most once per check
 * interval, on use, and reloading when it changed.
 *
 * <p>A reload that fails (a sync tool caught halfway, a bad permission, a key file deleted or
 * emptied outside a rotation) keeps the last good key set. A failure that is still there, unchanged, at the next check is logged once at WARN, since
 * the operator must act on it; one that a moment later turns out to be a rotation in progress
 * is not. The first
 * load happens in the constructor and is not forgiving: the server refuses to start without keys.
 * Thread-safe; readers never block on a reload in progress.
 */
public final class KeyRepositoryWatcher implements KeySource {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRepositoryWatcher.class);

  /** Default check interval: a rotation is seen within a second, and disk is touched rarely. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /**
   * How long after a new primary key was loaded the oldest keys may still leave as that
   * rotation's purge. A rotation (ours and {@code keystone-manage fernet_rotate}) promotes the
   * staged key, writes a new one and only then deletes the keys beyond {@code max_active_keys},
   * each a step of its own; a check between the steps sees the new primary with the old keys.
   */
  static final Duration ROTATION_SETTLE = Duration.ofSeconds(10);

  private final KeyRepository repository;
  private final long intervalNanos;
  private final ReentrantLock checkLock = new ReentrantLock();

  private volatile FernetKeys current;
  private volatile long lastCheckNanos;
  private volatile Optional<String> lastFailure = Optional.empty();
  private KeyRepository.Fingerprint loadedFingerprint;
  private KeyRepository.Fingerprint failedFingerprint;
  private boolean failureWarned;
  // When the last new primary was loaded; no rotation seen yet at start.
  private long rotationLoadedNanos;
  private boolean rotationLoaded;

  /**
   * Loads the repository now.
   *
   * @throws KeyRepositoryException if the repository cannot be loaded
   */
  public KeyRepositoryWatcher(KeyRepository repository, Duration checkInterval) {
    this.repository = Objects.requireNonNull(repository, "repository");
    if (checkInterval.isNegative()) {
      throw new IllegalArgumentException("check interval must not be negative: " + checkInterval);
    }
    this.intervalNanos = checkInterval.toNanos();
    this.loadedFingerprint = repository.fingerprint();
    this.current = repository.load();
    this.lastCheckNanos = System.nanoTime();
    LOG.info("Loaded Fernet keys {} from {}", current, repository.directory());
  }

  public KeyRepositoryWatcher(KeyRepository repository) {
    this(repository, DEFAULT_INTERVAL);
  }

  @Override
  public FernetKeys current() {
    if (System.nanoTime() - lastCheckNanos >= intervalNanos) {
      checkForChanges();
    }
    return current;
  }

  /** Re-reads the repository now if it changed, whatever the interval. */
  public void checkNow() {
    checkLock.lock();
    try {
      reloadIfChanged();
    } finally {
      checkLock.unlock();
    }
  }

  /** Why the last reload failed, while the repository stays broken; empty when it is healthy. */
  public Optional<String> lastFailure() {
    return lastFailure;
  }

  private void checkForChanges() {
    // One thread checks; the others go on with the key set they have rather than wait on disk.
    if (checkLock.tryLock()) {
      try {
        if (System.nanoTime() - lastCheckNanos >= intervalNanos) {
          reloadIfChanged();
        }
      } finally {
        checkLock.unlock();
      }
    }
  }

  private void reloadIfChanged() {
    lastCheckNanos = System.nanoTime();
    KeyRepository.Fingerprint now = repository.fingerprint();
    if (now.equals(loadedFingerprint)) {
      return;
    }
    if (now.equals(failedFingerprint)) {
      // Broken and unchanged since the last check: not a rotation caught halfway, so say it once.
      if (!failureWarned) {
        failureWarned = true;
        LOG.warn("Fernet key repository cannot be loaded; still using keys {}: {}",
            current, lastFailure.orElse(""));
      }
      return;
    }
    try {
      FernetKeys reloaded = repository.load();
      refuseLostKeys(reloaded);
      if (reloaded.primary().number() > current.primary().number()) {
        rotationLoaded = true;
        rotationLoadedNanos = System.nanoTime();
      }
      current = reloaded;
      loadedFingerprint = now;
      failedFingerprint = null;
      lastFailure = Optional.empty();
      LOG.info("Reloaded Fernet keys {} from {}", reloaded, repository.directory());
    } catch (KeyRepositoryException e) {
      // A rotation or sync in progress looks like this for a moment; the next check decides.
      failedFingerprint = now;
      failureWarned = false;
      lastFailure = Optional.of(e.getMessage());
      LOG.debug("Fernet key repository changed but cannot be loaded yet: {}", e.getMessage());
    }
  }

  /**
   * Keys leave a repository only in a rotation, which always brings a new, higher primary, and
   * purges the oldest keys right after (within {@link #ROTATION_SETTLE} of loading that primary).
   * A key set that lost keys otherwise is a key file deleted or emptied (an empty file is
   * skipped, as Keystone does), or an older copy synced over this one: switching to it would
   * reject every valid token of the lost keys, so it counts as a failed load and the last good
   * keys stay.
   */
  private void refuseLostKeys(FernetKeys reloaded) {
    int primary = current.primary().number();
    int reloadedPrimary = reloaded.primary().number();
    if (reloadedPrimary > primary) {
      return;
    }
    List<Integer> lost = current.numbers().stream().filter(n -> !reloaded.numbers().contains(n)).toList();
    if (reloadedPrimary == primary && isPurgeOfTheLastRotation(lost, reloaded)) {
      return;
    }
    if (reloadedPrimary < primary || !lost.isEmpty()) {
      throw new KeyRepositoryException("Fernet key repository " + repository.directory() + " lost key(s) " + lost
          + " without a rotation (primary key " + primary + ", now " + reloadedPrimary + "): a key file was deleted"
          + " or emptied, or an older copy synced over it; restore it, rotate, or restart the server to accept it");
    }
  }

  /** The lost keys are older than every secondary key kept, and a new primary came moments ago. */
  private boolean isPurgeOfTheLastRotation(List<Integer> lost, FernetKeys reloaded) {
    if (lost.isEmpty() || !rotationLoaded
        || System.nanoTime() - rotationLoadedNanos > ROTATION_SETTLE.toNanos()) {
      return false;
    }
    int oldestKept = reloaded.numbers().stream().filter(n -> n != 0).min(Integer::compare).orElse(0);
    return lost.stream().allMatch(n -> n != 0 && n < oldestKept);
  }
}
