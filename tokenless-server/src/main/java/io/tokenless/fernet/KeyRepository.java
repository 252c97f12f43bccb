package io.tokenless.fernet;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Fernet key repository on disk, in Keystone's layout: one file per key, named by a
 * non-negative integer, holding the 44-character URL-safe base64 key. {@code 0} is staged, the
 * highest number primary, the rest secondary. A Keystone repository can be used as is, and the
 * reverse.
 *
 * <p>Loading is strict where Keystone only warns: a key file that the group or others may read
 * or write, or that another user owns, stops the load with a message naming the file, and so
 * does a key file whose content is not a key. Files whose name is not a number (Keystone's
 * {@code 0.tmp}) are ignored; empty files are ignored with a warning, as Keystone does, because
 * a sync tool may be halfway through copying them.
 *
 * <p>{@link #setup()} and {@link #rotate(int)} follow {@code keystone-manage fernet_setup} and
 * {@code fernet_rotate} step by step, so repositories rotated by either tool stay compatible.
 */
public final class KeyRepository {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRepository.class);

  /** Keystone's names: digits only. Anything else (e.g. {@code 0.tmp}) is not a key. */
  private static final Pattern KEY_FILE_NAME = Pattern.compile("[0-9]{1,9}");

  private static final String STAGED = "0";
  private static final String STAGED_TMP = "0.tmp";

  /** A key file is 44 characters; anything much larger is not a key and is not read whole. */
  private static final long MAX_KEY_FILE_SIZE = 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS_READ_WRITE =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private final Path directory;
  private final SecureRandom random;

  /** A repository at {@code directory}; nothing is read until {@link #load()}. */
  public KeyRepository(Path directory) {
    this(directory, new SecureRandom());
  }

  KeyRepository(Path directory, SecureRandom random) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.random = Objects.requireNonNull(random, "random");
  }

  public Path directory() {
    return directory;
  }

  /**
   * Reads and validates every key file into an immutable key set.
   *
   * @throws KeyRepositoryException if the directory is missing or unsafe, a key file is unsafe or
   *     malformed, or no key file exists
   */
  public FernetKeys load() {
    checkDirectory();
    Map<Integer, Path> files = keyFiles();
    Map<Integer, FernetKey> keys = new TreeMap<>();
    for (Map.Entry<Integer, Path> entry : files.entrySet()) {
      Path file = entry.getValue();
      checkFile(file);
      String content = read(file);
      if (content.isEmpty()) {
        LOG.warn("Fernet key file {} is empty and is ignored", file);
        continue;
      }
      try {
        keys.put(entry.getKey(), FernetKey.parse(content));
      } catch (IllegalArgumentException e) {
        throw new KeyRepositoryException(
            "Fernet key file " + file + " does not hold a Fernet key: " + e.getMessage());
      }
    }
    if (keys.isEmpty()) {
      throw new KeyRepositoryException(
          "Fernet key repository " + directory + " holds no key: run 'tokenless fernet setup'");
    }
    return FernetKeys.of(keys);
  }

  /**
   * Creates the repository like {@code keystone-manage fernet_setup}: if key {@code 0} does not
   * exist yet, writes it and rotates once, giving {@code 0} staged and {@code 1} primary. An
   * initialised repository is left alone. The directory is created (mode 0700) if missing.
   *
   * @return the keys now in the repository
   */
  public synchronized FernetKeys setup() {
    try {
      if (!Files.isDirectory(directory)) {
        Files.createDirectories(
            directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
      }
      if (Files.exists(directory.resolve(STAGED))) {
        LOG.info("Fernet key repository {} is already initialised", directory);
        return load();
      }
      writeNewKey(directory.resolve(STAGED_TMP));
      Files.move(directory.resolve(STAGED_TMP), directory.resolve(STAGED),
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new KeyRepositoryException(
          "cannot set up Fernet key repository " + directory + ": " + e, e);
    }
    return rotate(Integer.MAX_VALUE);
  }

  /**
   * Rotates like {@code keystone-manage fernet_rotate}: writes a fresh key to {@code 0.tmp},
   * renames the staged {@code 0} to highest + 1 (it becomes primary), renames {@code 0.tmp} to
   * {@code 0} (the new staged key), then keeps the highest {@code maxActiveKeys - 1} of the other
   * keys and deletes the rest. Tokens encrypted with a deleted key stop validating.
   *
   * @param maxActiveKeys Keystone's {@code [fernet_tokens] max_active_keys} (default 3). At least
   *     2: Keystone accepts 1, but then each rotation deletes the key it has just promoted.
   * @return the keys now in the repository
   * @throws KeyRepositoryException if the repository is unsafe or has no staged key {@code 0}
   */
  public synchronized FernetKeys rotate(int maxActiveKeys) {
    if (maxActiveKeys < 2) {
      throw new IllegalArgumentException(
          "max_active_keys must be at least 2 (staged and primary), got " + maxActiveKeys);
    }
    // Validate what is there before changing anything: never rotate a repository we could not use.
    load();
    Map<Integer, Path> files = keyFiles();
    if (!files.containsKey(0)) {
      throw new KeyRepositoryException(
          "Fernet key repository " + directory + " has no staged key file 0 to promote");
    }
    int newPrimary = Collections.max(files.keySet()) + 1;
    Path tmp = directory.resolve(STAGED_TMP);
    Path promoted = directory.resolve(Integer.toString(newPrimary));
    try {
      writeNewKey(tmp);
      Files.move(files.remove(0), promoted, StandardCopyOption.ATOMIC_MOVE);
      files.put(newPrimary, promoted);
      LOG.info("Promoted staged Fernet key to primary key {} in {}", newPrimary, directory);
      Files.move(tmp, directory.resolve(STAGED), StandardCopyOption.ATOMIC_MOVE);
      List<Integer> numbers = new ArrayList<>(files.keySet());
      numbers.sort(Collections.reverseOrder());
      while (numbers.size() > maxActiveKeys - 1) {
        int purged = numbers.remove(numbers.size() - 1);
        Files.delete(files.get(purged));
        LOG.info("Deleted Fernet key {} from {} (max_active_keys {})",
            purged, directory, maxActiveKeys);
      }
    } catch (IOException e) {
      throw new KeyRepositoryException(
          "cannot rotate Fernet key repository " + directory + ": " + e, e);
    }
    return load();
  }

  /**
   * What the directory looks like now: names, sizes, modification times and file identities of
   * its entries. Cheap (no file is opened); a change means a rotation or a sync happened.
   */
  Fingerprint fingerprint() {
    List<String> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path path : stream) {
        var attributes = Files.readAttributes(path,
            java.nio.file.attribute.BasicFileAttributes.class);
        entries.add(path.getFileName() + "|" + attributes.size() + "|"
            + attributes.lastModifiedTime().toMillis() + "|" + attributes.fileKey());
      }
      Collections.sort(entries);
      FileTime modified = Files.getLastModifiedTime(directory);
      return new Fingerprint(modified.toMillis(), List.copyOf(entries));
    } catch (IOException e) {
      // An unreadable directory is a state of its own: the reload that follows reports it.
      return new Fingerprint(-1, List.of("unreadable: " + e.getClass().getSimpleName()));
    }
  }

  /** A snapshot of the directory listing, compared by value. */
  record Fingerprint(long directoryModified, List<String> entries) {}

  private Map<Integer, Path> keyFiles() {
    Map<Integer, Path> files = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path path : stream) {
        String name = path.getFileName().toString();
        if (!KEY_FILE_NAME.matcher(name).matches() || !Files.isRegularFile(path)) {
          continue;
        }
        Path previous = files.put(Integer.parseInt(name), path);
        if (previous != null) {
          throw new KeyRepositoryException("Fernet key files " + previous + " and " + path
              + " have the same number: remove one of them");
        }
      }
    } catch (IOException e) {
      throw new KeyRepositoryException(
          "cannot list Fernet key repository " + directory + ": " + e, e);
    }
    return files;
  }

  private void checkDirectory() {
    if (!Files.isDirectory(directory)) {
      throw new KeyRepositoryException("Fernet key repository " + directory
          + " does not exist or is not a directory: run 'tokenless fernet setup'");
    }
    Set<PosixFilePermission> permissions = permissions(directory);
    if (!Collections.disjoint(permissions, GROUP_OR_OTHERS_WRITE)) {
      throw new KeyRepositoryException("Fernet key repository " + directory
          + " is writable by group or others (" + PosixFilePermissions.toString(permissions)
          + "): chmod 700 it");
    }
  }

  private void checkFile(Path file) {
    Set<PosixFilePermission> permissions = permissions(file);
    if (!Collections.disjoint(permissions, GROUP_OR_OTHERS_READ_WRITE)) {
      throw new KeyRepositoryException("Fernet key file " + file
          + " is readable or writable by group or others ("
          + PosixFilePermissions.toString(permissions) + "): chmod 600 it");
    }
    long owner = ownerUid(file);
    long self = new UnixSystem().getUid();
    if (owner != self) {
      throw new KeyRepositoryException("Fernet key file " + file + " is owned by uid " + owner
          + ", not by the server's uid " + self + ": chown it");
    }
  }

  private static Set<PosixFilePermission> permissions(Path path) {
    try {
      return Files.getPosixFilePermissions(path);
    } catch (IOException | UnsupportedOperationException e) {
      throw new KeyRepositoryException(
          "cannot read the permissions of " + path + ": " + e, e);
    }
  }

  private static long ownerUid(Path path) {
    try {
      return ((Number) Files.getAttribute(path, "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new KeyRepositoryException("cannot read the owner of " + path + ": " + e, e);
    }
  }

  private static String read(Path file) {
    try {
      if (Files.size(file) > MAX_KEY_FILE_SIZE) {
        throw new KeyRepositoryException("Fernet key file " + file + " is larger than "
            + MAX_KEY_FILE_SIZE + " bytes: it does not hold a Fernet key");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      // Renamed away by a concurrent rotation between listing and reading: the next load sees it.
      throw new KeyRepositoryException("Fernet key file " + file + " disappeared while loading", e);
    } catch (IOException e) {
      throw new KeyRepositoryException("cannot read Fernet key file " + file + ": " + e, e);
    }
  }

  /** Writes a fresh key with mode 0600 from the start, so it is never readable by others. */
  private void writeNewKey(Path file) throws IOException {
    Files.deleteIfExists(file);
    FileAttribute<Set<PosixFilePermission>> ownerOnly =
        PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    byte[] content = FernetKey.generate(random).toStorageString().getBytes(StandardCharsets.US_ASCII);
    try (SeekableByteChannel channel = Files.newByteChannel(file,
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.SYNC), ownerOnly)) {
      channel.write(ByteBuffer.wrap(content));
    } catch (FileAlreadyExistsException e) {
      throw new KeyRepositoryException("cannot write Fernet key file " + file
          + ": it appeared while rotating (another rotation running?)", e);
    }
  }
}
