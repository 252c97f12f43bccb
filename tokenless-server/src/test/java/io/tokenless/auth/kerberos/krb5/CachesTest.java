package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The memory bounds and the bookkeeping of the replay and ticket caches. */
class CachesTest {
  private static final long NOW = 1_700_000_000L;
  private static final long SKEW = 300;
  private static final String ALICE = "alice@EXAMPLE.COM";

  private static byte[] sealed(int seed) {
    byte[] bytes = new byte[60];
    Arrays.fill(bytes, (byte) seed);
    return bytes;
  }

  private static ReplayCache.Outcome record(ReplayCache cache, int seed, long ctime, long now) {
    return cache.record(ReplayCache.entry(ALICE, sealed(seed)), ctime, now);
  }

  @Test
  void replayCache_refusesASecondUse_butNotAnotherAuthenticatorOfTheSameSecond() {
    ReplayCache cache = new ReplayCache(SKEW, 1_000);

    assertThat(record(cache, 1, NOW, NOW)).isEqualTo(ReplayCache.Outcome.FIRST_USE);
    assertThat(record(cache, 1, NOW, NOW + 1)).isEqualTo(ReplayCache.Outcome.REPLAY);
    assertThat(record(cache, 2, NOW, NOW + 1)).isEqualTo(ReplayCache.Outcome.FIRST_USE);
    assertThat(cache.record(ReplayCache.entry("bob@EXAMPLE.COM", sealed(1)), NOW, NOW + 1))
        .as("another client's authenticator").isEqualTo(ReplayCache.Outcome.FIRST_USE);
  }

  @Test
  void replayCache_dropsWholeBucketsOnceOlderThanTheSkew() {
    ReplayCache cache = new ReplayCache(SKEW, 1_000);
    for (int second = 0; second < 100; second++) {
      record(cache, second, NOW + second, NOW + second);
    }
    assertThat(cache.size()).isEqualTo(100);

    long later = NOW + 100 + SKEW + 2 * ReplayCache.BUCKET_SECONDS;
    record(cache, 0, later, later);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.buckets()).isEqualTo(1);
  }

  @Test
  void replayCache_afterTheSkewWasRaised_refusesCtimesItHasAlreadyForgotten() {
    ReplayCache cache = new ReplayCache(60, 1_000);
    assertThat(record(cache, 1, NOW, NOW)).isEqualTo(ReplayCache.Outcome.FIRST_USE);
    long later = NOW + 100;
    record(cache, 2, later, later); // sweeps the bucket of NOW, 100 s old with a 60 s skew

    cache.raise(300, 1_000); // an acceptor with a 300 s skew: NOW is within its skew of later
    ReplayCache.Outcome replay = record(cache, 1, NOW, later);

    assertThat(replay).isEqualTo(ReplayCache.Outcome.FORGOTTEN);
    assertThat(record(cache, 3, later - 50, later)).as("ctimes it still covers").isEqualTo(ReplayCache.Outcome.FIRST_USE);
  }

  @Test
  void replayCache_isOnePerJvm_keepingTheLargestSkewAndBoundAskedFor() {
    ReplayCache first = ReplayCache.shared(120, 1_000);
    ReplayCache second = ReplayCache.shared(60, 500);

    assertThat(second).isSameAs(first);
    assertThat(second.retentionSeconds()).isGreaterThanOrEqualTo(120);
    assertThat(second.maxEntries()).isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void replayCache_atItsBound_refusesNewAuthenticators_stillKnowsReplays_andEvictsNothingLive() {
    ReplayCache cache = new ReplayCache(SKEW, 3);
    for (int seed = 1; seed <= 3; seed++) {
      assertThat(record(cache, seed, NOW, NOW)).isEqualTo(ReplayCache.Outcome.FIRST_USE);
    }

    assertThat(record(cache, 4, NOW + 1, NOW + 1)).isEqualTo(ReplayCache.Outcome.FULL);
    assertThat(record(cache, 1, NOW, NOW + 1)).isEqualTo(ReplayCache.Outcome.REPLAY);
    assertThat(cache.size()).isEqualTo(3);

    long later = NOW + SKEW + 2 * ReplayCache.BUCKET_SECONDS + 1;
    assertThat(record(cache, 4, later, later)).as("once the old ones aged out").isEqualTo(ReplayCache.Outcome.FIRST_USE);
  }

  private static DecryptedTicket decrypted(long generation) throws Krb5Exception {
    EncryptionKey key = new EncryptionKey(18, new byte[32]);
    EncTicketPart part = new EncTicketPart(0, key, "EXAMPLE.COM", new PrincipalName(1, List.of("alice")),
        NOW, OptionalLong.empty(), NOW + 3600);
    return new DecryptedTicket("HTTP/h@EXAMPLE.COM", ALICE, part,
        AesCtsHmacSha1.derive(key, 11), AesCtsHmacSha1.derive(key, 12), generation);
  }

  private static Ticket ticket(int seed) {
    return new Ticket("EXAMPLE.COM", new PrincipalName(2, List.of("HTTP", "h")),
        new EncryptedData(18, OptionalInt.of(1), sealed(seed)));
  }

  @Test
  void ticketCache_staysWithinItsEntryBound_andDropsEverythingOnAKeytabChange() throws Exception {
    TicketCache cache = new TicketCache(10, 1 << 20);
    DecryptedTicket decrypted = decrypted(0);
    Ticket last = null;
    for (int i = 0; i < 25; i++) {
      last = ticket(i);
      cache.put(last, decrypted, 0, NOW, SKEW);
      assertThat(cache.size()).isLessThanOrEqualTo(10);
      assertThat(cache.bytes()).isEqualTo(60L * cache.size());
    }
    assertThat(cache.get(last, 0)).contains(decrypted);

    Ticket sameTailOtherBytes = new Ticket(last.realm(), last.sname(), new EncryptedData(18, OptionalInt.of(1), sealed(24)));
    sameTailOtherBytes.encPart().cipher()[0] ^= 1;
    assertThat(cache.get(sameTailOtherBytes, 0)).as("hit only on the exact bytes").isEmpty();

    assertThat(cache.get(last, 1)).as("after a keytab change").isEmpty();
    assertThat(cache.size()).isZero();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void ticketCache_neverMovesBackToAnOlderKeytabGeneration() throws Exception {
    TicketCache cache = new TicketCache(10, 1 << 20);
    cache.put(ticket(1), decrypted(2), 2, NOW, SKEW);

    // A request that read the generation just before the reload, arriving after it.
    assertThat(cache.get(ticket(1), 1)).isEmpty();
    cache.put(ticket(2), decrypted(1), 1, NOW, SKEW);

    assertThat(cache.generation()).isEqualTo(2);
    assertThat(cache.get(ticket(1), 2)).as("entries of the current generation kept").isPresent();
    assertThat(cache.get(ticket(2), 1)).isEmpty();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.bytes()).isEqualTo(60);
  }

  @Test
  void ticketCache_byteCount_isTheSumOfWhatItHolds_afterConcurrentPutsEvictionsAndReloads() throws Exception {
    TicketCache cache = new TicketCache(50, 40 * 60);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> writers = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        int offset = thread;
        writers.add(() -> {
          for (int i = 0; i < 2_000; i++) {
            long generation = i / 500 + (offset % 2); // two threads run one reload ahead
            cache.put(ticket((i * 4 + offset) % 256), decrypted(generation), generation, NOW, SKEW);
            cache.get(ticket(i % 256), generation);
          }
          return null;
        });
      }
      for (Future<Void> writer : pool.invokeAll(writers)) {
        writer.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(cache.bytes()).isEqualTo(60L * cache.size());
    assertThat(cache.bytes()).isLessThanOrEqualTo(40 * 60 + 4 * 60);
  }
}
