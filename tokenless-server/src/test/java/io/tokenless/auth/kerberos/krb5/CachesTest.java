package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The memory bounds of the replay and ticket caches. */
class CachesTest {
  private static final long NOW = 1_700_000_000L;
  private static final long SKEW = 300;

  private static Authenticator authenticator(long ctime, int cusec) {
    return new Authenticator("EXAMPLE.COM", new PrincipalName(1, List.of("alice")), java.util.Optional.empty(), cusec, ctime);
  }

  private static byte[] sealed(int seed) {
    byte[] bytes = new byte[60];
    java.util.Arrays.fill(bytes, (byte) seed);
    return bytes;
  }

  @Test
  void replayCache_refusesASecondUse_butNotAnotherAuthenticatorOfTheSameMicrosecond() {
    ReplayCache cache = new ReplayCache(SKEW);
    ReplayCache.Entry entry = ReplayCache.entry("alice@EXAMPLE.COM", "HTTP/h@EXAMPLE.COM", authenticator(NOW, 7), sealed(1));
    ReplayCache.Entry sameTimeOtherCiphertext =
        ReplayCache.entry("alice@EXAMPLE.COM", "HTTP/h@EXAMPLE.COM", authenticator(NOW, 7), sealed(2));

    assertThat(cache.firstUse(entry, NOW)).isTrue();
    assertThat(cache.firstUse(entry, NOW + 1)).isFalse();
    assertThat(cache.firstUse(sameTimeOtherCiphertext, NOW + 1)).isTrue();
  }

  @Test
  void replayCache_dropsWholeBucketsOnceOlderThanTheSkew() {
    ReplayCache cache = new ReplayCache(SKEW);
    for (int second = 0; second < 100; second++) {
      cache.firstUse(ReplayCache.entry("alice@EXAMPLE.COM", "s", authenticator(NOW + second, 0), sealed(second)), NOW + second);
    }
    assertThat(cache.size()).isEqualTo(100);

    long later = NOW + 100 + SKEW + 2 * ReplayCache.BUCKET_SECONDS;
    cache.firstUse(ReplayCache.entry("alice@EXAMPLE.COM", "s", authenticator(later, 0), sealed(0)), later);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.buckets()).isEqualTo(1);
  }

  @Test
  void ticketCache_staysWithinItsEntryBound_andDropsEverythingOnAKeytabChange() throws Exception {
    TicketCache cache = new TicketCache(10, 1 << 20);
    EncryptionKey key = new EncryptionKey(18, new byte[32]);
    EncTicketPart part = new EncTicketPart(0, key, "EXAMPLE.COM", new PrincipalName(1, List.of("alice")),
        NOW, OptionalLong.empty(), NOW + 3600);
    DecryptedTicket decrypted = new DecryptedTicket("HTTP/h@EXAMPLE.COM", "alice@EXAMPLE.COM", part,
        AesCtsHmacSha1.derive(key, 11), AesCtsHmacSha1.derive(key, 12), 0);
    Ticket last = null;
    for (int i = 0; i < 25; i++) {
      last = new Ticket("EXAMPLE.COM", new PrincipalName(2, List.of("HTTP", "h")),
          new EncryptedData(18, OptionalInt.of(1), sealed(i)));
      cache.put(last, decrypted, 0, NOW, SKEW);
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    assertThat(cache.get(last, 0)).contains(decrypted);

    Ticket sameTailOtherBytes = new Ticket(last.realm(), last.sname(), new EncryptedData(18, OptionalInt.of(1), sealed(24)));
    sameTailOtherBytes.encPart().cipher()[0] ^= 1;
    assertThat(cache.get(sameTailOtherBytes, 0)).as("hit only on the exact bytes").isEmpty();

    assertThat(cache.get(last, 1)).as("after a keytab change").isEmpty();
    assertThat(cache.size()).isZero();
  }
}
