package io.tokenless.auth.kerberos.krb5;

import io.tokenless.auth.kerberos.KerberosConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service keys of a keytab, with their ticket-decryption keys (usage 2) derived once per
 * load. The file is read and compared by its SHA-256 (a keytab is a few hundred bytes), so any
 * change is seen, an edit in place that keeps size and modification time included; keys can be
 * rotated in place without a restart. The file is looked at no more often than the check
 * interval, except when a ticket names a key version not loaded ({@link #find}): then at once,
 * but no more often than every {@link #FORCED_CHECK_INTERVAL}, since anyone can send any kvno.
 *
 * <p>Revocation fails closed: a keytab that is deleted, cannot be read or does not parse after
 * start-up leaves no keys (a new {@link #generation()}, so decrypted tickets are dropped too),
 * as the JDK's acceptor then sees none either. One WARN says so when that state begins, and an
 * INFO when a keytab is loaded again. Thread-safe.
 */
final class ServiceKeys {
  /** How often at most a ticket's unknown kvno makes the file be looked at before the check interval is up. */
  static final Duration FORCED_CHECK_INTERVAL = Duration.ofMillis(100);

  private static final Logger log = LoggerFactory.getLogger(ServiceKeys.class);

  /** Ticket keys of one keytab entry, and the load ({@link #generation()}) they came from. */
  record ServiceKey(String principal, int kvno, int etype, AesCtsHmacSha1.UsageKeys ticketKeys, long generation) {}

  /**
   * One look at the file: the SHA-256 of its bytes (empty when it could not be read), its AES
   * keys by principal (none when it could not be read or parsed), and the generation.
   */
  private record Snapshot(Optional<String> sha256, Map<String, List<ServiceKey>> byPrincipal, long generation) {}

  private final Path file;
  private final long checkIntervalNanos;
  private final long forcedIntervalNanos;
  private volatile Snapshot snapshot;
  private volatile long nextCheck;
  private volatile long nextForcedCheck;

  private ServiceKeys(Path file, long checkIntervalNanos, long forcedIntervalNanos, Snapshot snapshot) {
    this.file = file;
    this.checkIntervalNanos = checkIntervalNanos;
    this.forcedIntervalNanos = forcedIntervalNanos;
    this.snapshot = snapshot;
    long now = System.nanoTime();
    this.nextCheck = now + checkIntervalNanos;
    this.nextForcedCheck = now;
  }

  /**
   * Loads {@code file}.
   *
   * @throws KerberosConfigException when it cannot be read or is not a version 0x0502 keytab
   */
  static ServiceKeys load(Path file, long checkIntervalNanos) {
    return load(file, checkIntervalNanos, FORCED_CHECK_INTERVAL.toNanos());
  }

  /** As {@link #load(Path, long)} with another limit on forced looks: for tests. */
  static ServiceKeys load(Path file, long checkIntervalNanos, long forcedIntervalNanos) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return new ServiceKeys(file, checkIntervalNanos, forcedIntervalNanos, parse(bytes, sha256(bytes), 0));
    } catch (IOException | Krb5Exception e) {
      throw new KerberosConfigException("kerberos.keytab: cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Changes with every load, and only moves forward: what the ticket cache compares its entries
   * against. Looks at the file first when the check interval has passed.
   */
  long generation() {
    refreshIfDue(false);
    return snapshot.generation();
  }

  /**
   * The key for a ticket of {@code principal}: the one of that etype and key version, or, when
   * the ticket names no version or one the keytab lacks, the highest version of that etype
   * (what the JDK's acceptor picks, so a lagging kvno still decrypts when the key did not change).
   * Empty when the keytab has no key of that etype for the principal, or none at all.
   */
  Optional<ServiceKey> find(String principal, int etype, OptionalInt kvno) {
    refreshIfDue(false);
    Optional<ServiceKey> exact = exact(principal, etype, kvno);
    if (exact.isEmpty() && kvno.isPresent() && kvno.getAsInt() != 0) {
      // A version we have not loaded: perhaps the keytab was just rotated. Look now, within the
      // limit on forced looks (the kvno travels in clear; a flood of made-up ones must not make
      // every request take the lock and read the file).
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

  private void refreshIfDue(boolean forced) {
    long now = System.nanoTime();
    if (!due(now, forced)) {
      return;
    }
    synchronized (this) {
      if (!due(now, forced)) {
        return;
      }
      nextCheck = now + checkIntervalNanos;
      nextForcedCheck = now + forcedIntervalNanos;
      look();
    }
  }

  private boolean due(long now, boolean forced) {
    return now - nextCheck >= 0 || (forced && now - nextForcedCheck >= 0);
  }

  /** Reads the file and replaces the snapshot when its content changed. Called under the lock. */
  private void look() {
    Snapshot current = snapshot;
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      if (current.sha256().isPresent()) {
        snapshot = new Snapshot(Optional.empty(), Map.of(), current.generation() + 1);
        log.warn("Kerberos: keytab {} cannot be read ({}: {}); its keys are dropped and no ticket is accepted "
            + "until it can be read", file, e.getClass().getSimpleName(), e.getMessage());
      }
      return;
    }
    String sha256 = sha256(bytes);
    if (current.sha256().equals(Optional.of(sha256))) {
      return;
    }
    long generation = current.generation() + 1;
    try {
      snapshot = parse(bytes, sha256, generation);
      log.info("Kerberos: keytab {} changed; loaded {}", file, snapshot.byPrincipal().keySet());
    } catch (Krb5Exception e) {
      snapshot = new Snapshot(Optional.of(sha256), Map.of(), generation);
      log.warn("Kerberos: keytab {} is not a valid keytab ({}); its keys are dropped and no ticket is accepted "
          + "until it is", file, e.getMessage());
    }
  }

  private static Snapshot parse(byte[] bytes, String sha256, long generation) throws Krb5Exception {
    Map<String, List<ServiceKey>> byPrincipal = new HashMap<>();
    for (KeytabFile.Entry entry : KeytabFile.parse(bytes)) {
      List<ServiceKey> keys = byPrincipal.computeIfAbsent(entry.principal(), p -> new ArrayList<>());
      int etype = entry.key().etype();
      if (AesCtsHmacSha1.supports(etype) && entry.key().rawBytes().length == AesCtsHmacSha1.keyLength(etype)) {
        keys.add(new ServiceKey(entry.principal(), entry.kvno(), etype,
            AesCtsHmacSha1.derive(entry.key(), KeyUsage.TICKET), generation));
      }
    }
    Map<String, List<ServiceKey>> frozen = new HashMap<>();
    byPrincipal.forEach((principal, keys) -> frozen.put(principal, List.copyOf(keys)));
    return new Snapshot(Optional.of(sha256), Map.copyOf(frozen), generation);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "ServiceKeys[" + file + ", generation " + snapshot.generation() + ", " + snapshot.byPrincipal().keySet() + "]";
  }
}
