package io.tokenless.auth.kerberos.krb5;

import io.tokenless.auth.kerberos.KerberosConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service keys of a keytab, with their ticket-decryption keys (usage 2) derived once per
 * load. The file is re-read when its modification time, size or identity (inode) changes, so
 * rotating keys in place needs no restart; the file is looked at no more often than the check
 * interval, except when a ticket names a key version not loaded yet ({@link #find}), so a
 * rotation is picked up by the first ticket that needs it. A keytab that cannot be read after
 * start-up keeps the last good keys (logged at WARN). Thread-safe.
 */
final class ServiceKeys {
  private static final Logger log = LoggerFactory.getLogger(ServiceKeys.class);

  /** Ticket keys of one keytab entry, and the load ({@link #generation()}) they came from. */
  record ServiceKey(String principal, int kvno, int etype, AesCtsHmacSha1.UsageKeys ticketKeys, long generation) {}

  /** One load of the file: what it was, and its AES keys by principal. */
  private record Snapshot(Stamp stamp, Map<String, List<ServiceKey>> byPrincipal, long generation) {}

  private record Stamp(FileTime modified, long size, Object fileKey) {}

  private final Path file;
  private final long checkIntervalNanos;
  private final AtomicLong generations = new AtomicLong();
  private volatile Snapshot snapshot;
  private volatile long nextCheck;

  private ServiceKeys(Path file, long checkIntervalNanos, Snapshot snapshot) {
    this.file = file;
    this.checkIntervalNanos = checkIntervalNanos;
    this.snapshot = snapshot;
    this.nextCheck = System.nanoTime() + checkIntervalNanos;
  }

  /**
   * Loads {@code file}.
   *
   * @throws KerberosConfigException when it cannot be read or is not a version 0x0502 keytab
   */
  static ServiceKeys load(Path file, long checkIntervalNanos) {
    try {
      return new ServiceKeys(file, checkIntervalNanos, read(file, 0));
    } catch (IOException | Krb5Exception e) {
      throw new KerberosConfigException("kerberos.keytab: cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Changes with every load: what the ticket cache compares its entries against. Looks at the
   * file first when the check interval has passed.
   */
  long generation() {
    refreshIfDue(false);
    return snapshot.generation();
  }

  /**
   * The key for a ticket of {@code principal}: the one of that etype and key version, or, when
   * the ticket names no version or one the keytab lacks, the highest version of that etype
   * (what the JDK's acceptor picks, so a lagging kvno still decrypts when the key did not change).
   */
  Optional<ServiceKey> find(String principal, int etype, OptionalInt kvno) {
    refreshIfDue(false);
    Optional<ServiceKey> exact = exact(principal, etype, kvno);
    if (exact.isEmpty() && kvno.isPresent()) {
      // A version we have not seen: perhaps the keytab was just rotated. Look now.
      refreshIfDue(true);
      exact = exact(principal, etype, kvno);
    }
    if (exact.isPresent()) {
      return exact;
    }
    ServiceKey best = null;
    for (ServiceKey key : snapshot.byPrincipal().getOrDefault(principal, List.of())) {
      if (key.etype() == etype && (best == null || Integer.compareUnsigned(key.kvno(), best.kvno()) > 0)) {
        best = key;
      }
    }
    return Optional.ofNullable(best);
  }

  private Optional<ServiceKey> exact(String principal, int etype, OptionalInt kvno) {
    if (kvno.isEmpty() || kvno.getAsInt() == 0) {
      return Optional.empty();
    }
    for (ServiceKey key : snapshot.byPrincipal().getOrDefault(principal, List.of())) {
      if (key.etype() == etype && key.kvno() == kvno.getAsInt()) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private void refreshIfDue(boolean force) {
    long now = System.nanoTime();
    if (!force && now - nextCheck < 0) {
      return;
    }
    synchronized (this) {
      if (!force && now - nextCheck < 0) {
        return;
      }
      nextCheck = now + checkIntervalNanos;
      Snapshot current = snapshot;
      try {
        if (!stamp(file).equals(current.stamp())) {
          snapshot = read(file, generations.incrementAndGet());
          log.info("Kerberos: keytab {} changed; reloaded", file);
        }
      } catch (IOException | Krb5Exception e) {
        log.warn("Kerberos: keytab {} cannot be read ({}); keeping the keys loaded before", file, e.getMessage());
      }
    }
  }

  private static Snapshot read(Path file, long generation) throws IOException, Krb5Exception {
    // Stamp first: a change while reading then shows as a new stamp at the next check.
    Stamp stamp = stamp(file);
    Map<String, List<ServiceKey>> byPrincipal = new HashMap<>();
    for (KeytabFile.Entry entry : KeytabFile.parse(Files.readAllBytes(file))) {
      List<ServiceKey> keys = byPrincipal.computeIfAbsent(entry.principal(), p -> new ArrayList<>());
      int etype = entry.key().etype();
      if (AesCtsHmacSha1.supports(etype) && entry.key().rawBytes().length == AesCtsHmacSha1.keyLength(etype)) {
        keys.add(new ServiceKey(entry.principal(), entry.kvno(), etype,
            AesCtsHmacSha1.derive(entry.key(), KeyUsage.TICKET), generation));
      }
    }
    Map<String, List<ServiceKey>> frozen = new HashMap<>();
    byPrincipal.forEach((principal, keys) -> frozen.put(principal, List.copyOf(keys)));
    return new Snapshot(stamp, Map.copyOf(frozen), generation);
  }

  private static Stamp stamp(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
  }

  @Override
  public String toString() {
    return "ServiceKeys[" + file + ", generation " + snapshot.generation() + ", " + snapshot.byPrincipal().keySet() + "]";
  }
}
