package io.tokenless.roles.cache;

import io.tokenless.roles.model.EffectiveRoles;
import io.tokenless.roles.model.PrincipalKind;
import io.tokenless.roles.resolve.Directory;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.resolve.RoleLookup;
import io.tokenless.web.NonBlocking;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, time-limited cache of effective roles per (user, scope) in front of another
 * {@link RoleLookup}, kept coherent across nodes by PostgreSQL {@code LISTEN/NOTIFY}.
 *
 * <p>Guarantees: after a write commits on any node, this cache stops serving answers computed
 * before it as soon as the notification arrives (milliseconds). Any write drops every entry:
 * group membership and inheritance make "who is affected" as expensive to compute as the
 * answers themselves. An answer computed concurrently with a write is returned but not
 * cached. While the listener is disconnected nothing new is cached, existing answers are
 * served until their TTL, and lookups that miss fail as the delegate fails (an
 * {@code UnavailableException}, 503 with Retry-After); on reconnect the whole cache is dropped
 * once, since notifications sent meanwhile are lost. An answer asked for in the last fifth of
 * its TTL is computed again in the background while it is still served, so answers in use do
 * not expire under load.
 *
 * <p>Thread-safe. {@link #close()} stops the listener.
 */
public final class CachingRoleLookup implements RoleLookup, Directory, Memo, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CachingRoleLookup.class);
  private static final int REFRESH_QUEUE = 10_000;

  /**
   * Cache settings.
   *
   * @param maximumSize     entries kept; beyond it, a tenth of them, chosen arbitrarily, are dropped
   * @param ttl             how long an answer may be served, also while PostgreSQL is unreachable
   * @param initialBackoff  first wait before the listener reconnects
   * @param maxBackoff      longest wait between reconnect attempts
   */
  public record Settings(int maximumSize, Duration ttl, Duration initialBackoff, Duration maxBackoff) {
    public Settings {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("role cache size must be at least 1, is " + maximumSize);
      }
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("role cache ttl must be positive, is " + ttl);
      }
      if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("role cache backoff must be positive and max >= initial");
      }
    }

    public static Settings defaults() {
      return new Settings(100_000, Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(5));
    }
  }

  private record RolesKey(String userId, Scope scope) {}

  private record PrincipalKey(PrincipalKind kind, String value) {}

  private record DomainKey(String idOrName) {}

  private record ProjectKey(String domainIdOrName, String projectName) {}

  /**
   * An answer, with the generation it was computed in (answers of an older generation are never
   * served) and whether a refresh has been asked for.
   */
  private record Entry(Object value, long refreshAt, long expiresAt, long generation, AtomicBoolean refreshing) {}

  /** An answer being computed from the state of {@code generation}, for callers asking meanwhile. */
  private record Computation(long generation, CompletableFuture<Object> result) {
    Object answer() {
      try {
        return result.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        if (e.getCause() instanceof Error failure) {
          throw failure;
        }
        throw e;
      }
    }
  }

  private final RoleLookup delegate;
  private final Directory directory;
  private final long ttlNanos;
  private final InvalidationListener listener;
  private final int maximumSize;
  // Read without a lock: every token validation reads here, and on two cores a reader that
  // waits for a descheduled lock holder waits for a whole scheduler time slice.
  private final Map<Object, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Object, Computation> computing = new ConcurrentHashMap<>();
  // One thread, a bounded queue: refreshes are a convenience, never a backlog.
  private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(REFRESH_QUEUE), runnable -> {
        Thread thread = new Thread(runnable, "role-cache-refresh");
        thread.setDaemon(true);
        return thread;
      }, new ThreadPoolExecutor.AbortPolicy());
  private final long refreshNanos;
  // Writers (invalidations, reconnects) serialise on this; readers only read the volatiles.
  private final Object lock = new Object();
  private volatile long generation;
  private volatile long highestRevision = -1;
  private volatile boolean listening;

  private CachingRoleLookup(RoleLookup delegate, Directory directory, Connector connector, Settings settings) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.ttlNanos = settings.ttl().toNanos();
    // In the last fifth of its TTL, an answer asked for is computed again in the background.
    this.refreshNanos = ttlNanos - ttlNanos / 5;
    this.maximumSize = settings.maximumSize();
    this.listener = new InvalidationListener(connector, new InvalidationListener.Events() {
      @Override
      public void changed(long revision) {
        invalidate(revision);
      }

      @Override
      public void connected() {
        listening = true;
        synchronized (lock) {
          generation++;
          entries.clear();
          // The database may have been restored meanwhile; revisions heard before mean nothing now.
          highestRevision = -1;
        }
      }

      @Override
      public void disconnected() {
        listening = false;
      }
    }, settings.initialBackoff(), settings.maxBackoff());
  }

  /**
   * Starts a cache in front of {@code delegate} and {@code directory} (name resolution is cached
   * too, so that a lookup by principal or project name can be answered during an outage), its
   * listener connecting through {@code connector}. Answers are only cached once the listener is
   * connected.
   */
  public static CachingRoleLookup start(RoleLookup delegate, Directory directory, Connector connector,
      Settings settings) {
    CachingRoleLookup cache = new CachingRoleLookup(delegate, directory, connector, settings);
    cache.listener.start();
    return cache;
  }

  @Override
  public EffectiveRoles effectiveRoles(String userId, Scope scope) {
    return cached(new RolesKey(userId, scope), () -> delegate.effectiveRoles(userId, scope),
        EffectiveRoles::revision);
  }

  @Override
  public Optional<String> userIdByPrincipal(PrincipalKind kind, String value) {
    return cached(new PrincipalKey(kind, value), () -> directory.userIdByPrincipal(kind, value), any -> Long.MAX_VALUE);
  }

  @Override
  public Optional<String> domainId(String idOrName) {
    return cached(new DomainKey(idOrName), () -> directory.domainId(idOrName), any -> Long.MAX_VALUE);
  }

  @Override
  public Optional<String> projectIdByName(String domainIdOrName, String projectName) {
    return cached(new ProjectKey(domainIdOrName, projectName),
        () -> directory.projectIdByName(domainIdOrName, projectName), any -> Long.MAX_VALUE);
  }

  /**
   * Any answer derived from the role model (a principal resolved to its user, names of a scope),
   * kept like the cache's own answers: until the next write anywhere in the cluster, the TTL, or
   * eviction. {@code key} must be a value object of a type no other caller uses.
   */
  @Override
  public <T> T remember(Object key, Supplier<T> compute) {
    return cached(key, compute, any -> Long.MAX_VALUE);
  }

  /**
   * The cached value for {@code key}, or {@code compute}'s, cached only if no invalidation
   * happened while computing, the answer is not older than a write already heard of, and the
   * next write would be heard of. {@code revisionOf} gives the answer's revision where known.
   */
  @SuppressWarnings("unchecked")
  private <T> T cached(Object key, Supplier<T> compute, ToLongFunction<T> revisionOf) {
    // Read before the entry: an invalidation that completed before this call has raised it.
    long generationBefore = generation;
    Entry entry = entries.get(key);
    if (entry != null) {
      long now = System.nanoTime();
      if (entry.generation() == generationBefore && now - entry.expiresAt() < 0) {
        if (now - entry.refreshAt() >= 0 && listening && entry.refreshing().compareAndSet(false, true)) {
          refreshInBackground(key, compute, revisionOf);
        }
        return (T) entry.value();
      }
      entries.remove(key, entry);
    }
    T answer = NonBlocking.inAttempt() ? compute.get() : computeOnce(key, compute, generationBefore);
    store(key, answer, generationBefore, revisionOf);
    return answer;
  }

  private <T> void store(Object key, T answer, long generationBefore, ToLongFunction<T> revisionOf) {
    if (listening && revisionOf.applyAsLong(answer) >= highestRevision) {
      long now = System.nanoTime();
      Entry computed = new Entry(answer, now + refreshNanos, now + ttlNanos, generationBefore, new AtomicBoolean());
      entries.put(key, computed);
      if (generation != generationBefore) {
        // Invalidated while computing: readers would skip it anyway, this only frees the slot.
        entries.remove(key, computed);
      }
      trim(key);
    }
  }

  /**
   * Computes an answer still being served once more, off the request path, so that it does not
   * expire under load: otherwise every request arriving while it is computed again would wait,
   * and at thousands of requests a second that is hundreds of them. If the refresh fails (say,
   * PostgreSQL is down) the answer is served until its TTL as before; if the queue is full, the
   * answer expires as before.
   */
  private <T> void refreshInBackground(Object key, Supplier<T> compute, ToLongFunction<T> revisionOf) {
    try {
      refresher.execute(() -> {
        long generationBefore = generation;
        try {
          store(key, compute.get(), generationBefore, revisionOf);
        } catch (RuntimeException e) {
          log.debug("refreshing a cached answer failed; it is served until its TTL: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      // Closed, or too many refreshes waiting: the answer expires as it would without them.
    }
  }

  /**
   * {@code compute}'s answer, computed by one caller at a time per key and state: a caller asking
   * while another computes the same key from the same generation waits for that answer rather
   * than send the database the same query again. When an entry expires under load, every request
   * in flight for it would otherwise query at once and queue for connections. Attempts on an IO
   * thread do not take part: one of their computations may stop halfway ({@link NonBlocking}),
   * and they cannot wait.
   */
  @SuppressWarnings("unchecked")
  private <T> T computeOnce(Object key, Supplier<T> compute, long generationBefore) {
    Computation mine = new Computation(generationBefore, new CompletableFuture<>());
    Computation running = computing.putIfAbsent(key, mine);
    if (running != null && running.generation() == generationBefore) {
      return (T) running.answer();
    }
    boolean registered = running == null;
    T answer;
    try {
      answer = compute.get();
    } catch (RuntimeException | Error failure) {
      if (registered) {
        computing.remove(key, mine);
        mine.result().completeExceptionally(failure);
      }
      throw failure;
    }
    if (registered) {
      computing.remove(key, mine);
      mine.result().complete(answer);
    }
    return answer;
  }

  private void trim(Object keep) {
    if (entries.size() <= maximumSize) {
      return;
    }
    // A tenth at once: dropping one entry per insert would scan, every time, the bins at the head
    // of the table that the drops before it emptied.
    int target = maximumSize - maximumSize / 10;
    Iterator<Object> keys = entries.keySet().iterator();
    while (entries.size() > target && keys.hasNext()) {
      Object key = keys.next();
      if (!key.equals(keep)) {
        keys.remove();
      }
    }
  }

  /**
   * A write of revision {@code revision} committed on this node: drops every cached answer now,
   * as its notification would a few milliseconds later. Wire it to {@code RoleStore#onCommit}.
   */
  public void committed(long revision) {
    invalidate(revision);
  }

  /** Drops every cached answer. */
  public void invalidateAll() {
    synchronized (lock) {
      generation++;
      entries.clear();
    }
  }

  private void invalidate(long revision) {
    synchronized (lock) {
      generation++;
      highestRevision = Math.max(highestRevision, revision);
      entries.clear();
    }
  }

  /** Whether the invalidation listener is connected (answers are being cached). */
  public boolean listening() {
    return listening;
  }

  /** Number of cached answers. */
  public int size() {
    return entries.size();
  }

  @Override
  public void close() {
    listener.close();
    refresher.shutdownNow();
    listening = false;
    invalidateAll();
  }
}
