package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenless.auth.kerberos.AcceptResult;
import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.KerberosAcceptor;
import io.tokenless.auth.kerberos.KerberosAcceptorContract;
import io.tokenless.auth.kerberos.UntrustedText;
import io.tokenless.kdc.Principals;
import io.tokenless.kdc.Principals.KdcPrincipal;
import io.tokenless.kdc.SpnegoClient;
import io.tokenless.kdc.SpnegoClient.Mechanism;
import io.tokenless.kdc.TicketForge;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.junit.jupiter.api.Test;

/**
 * The server's acceptor: the shared contract, plus that the common tokens really take the fast
 * path (its counters, not timing), and the properties only it has (ticket cache, routing).
 */
class FastPathAcceptorTest extends KerberosAcceptorContract {
  private static final int AES128 = 17;
  private static final int AES256 = 18;
  private static final int RC4 = 23;

  @Override
  protected KerberosAcceptor create(AcceptorConfig config) {
    return FastPathAcceptor.create(config);
  }

  private FastPathAcceptor fast() {
    return (FastPathAcceptor) acceptor;
  }

  private static String header(AcceptResult result) {
    return "Negotiate " + Base64.getEncoder().encodeToString(((AcceptResult.Accepted) result).replyToken());
  }

  @Test
  void spnegoAndRawTokensOfTheJdkInitiator_takeTheFastPath_andTheirRepliesCompleteMutualAuth() {
    for (Mechanism mechanism : Mechanism.values()) {
      SpnegoClient.Exchange exchange = client.begin(service.shortName(), mechanism);

      AcceptResult result = acceptor.accept(exchange.token());

      assertThat(result).as(mechanism.name()).isInstanceOf(AcceptResult.Accepted.class);
      assertThat(exchange.verifyReply(header(result))).as(mechanism + " reply verified by the JDK").isTrue();
    }
    assertThat(fast().acceptedHere()).isEqualTo(2);
    assertThat(fast().handedToJgss()).isZero();
  }

  @Test
  void replayOnTheFastPath_isRefused_evenWhenRacedFromManyThreads() throws Exception {
    byte[] token = client.begin(service.shortName(), Mechanism.SPNEGO).token();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<AcceptResult>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> acceptor.accept(token));
      }
      long accepted = 0;
      for (Future<AcceptResult> result : pool.invokeAll(calls)) {
        if (result.get() instanceof AcceptResult.Accepted) {
          accepted++;
        } else {
          assertThat(((AcceptResult.Rejected) result.get()).logReason()).contains("replay");
        }
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(fast().handedToJgss()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void secondRequestWithTheSameTicket_isAcceptedWithoutDecryptingTheTicketAgain() {
    AcceptResult first = acceptor.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token());
    AcceptResult second = acceptor.accept(client.begin(service.shortName(), Mechanism.KRB5).token());

    assertThat(first).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(second).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(fast().ticketDecryptions()).isEqualTo(1);
  }

  @Test
  void cachedTicket_isStillRefusedOnceExpired() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    FastPathAcceptor clocked = FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of(service.shortName())),
        clock, Duration.ofSeconds(1));
    assertThat(clocked.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);

    // The embedded KDC's tickets live a day; two days on the cached ticket is long expired.
    now.set(now.get().plus(Duration.ofDays(2)));
    AcceptResult later = clocked.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token());

    assertThat(later).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("expired"));
    assertThat(clocked.ticketDecryptions()).isEqualTo(1);
  }

  @Test
  void rotatedKeytab_refusesTicketsOfTheOldKey_andAcceptsTheNewOnes_withoutRestart(Principals principals) {
    SpnegoClient oldClient = SpnegoClient.fromKeytab(alice.name(), alice.keytab());
    assertThat(acceptor.accept(oldClient.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);

    principals.kdc().rotateKeys(service.name());
    principals.kdc().exportKeytab(service.keytab(), service.name());
    SpnegoClient newClient = SpnegoClient.fromKeytab(alice.name(), alice.keytab());

    // The new kvno makes the acceptor look at the keytab at once, without waiting for the interval.
    assertThat(acceptor.accept(newClient.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);
    assertThat(acceptor.accept(oldClient.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOfSatisfying(AcceptResult.Rejected.class,
            rejected -> assertThat(rejected.logReason()).contains("integrity"));
    assertThat(fast().handedToJgss()).isZero();
  }

  @Test
  void rotatedKeytab_dropsCachedTicketsWithinTheCheckInterval(Principals principals) throws Exception {
    FastPathAcceptor quick = FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of(service.shortName())),
        Clock.systemUTC(), Duration.ZERO);
    assertThat(quick.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);

    principals.kdc().rotateKeys(service.name());
    principals.kdc().exportKeytab(service.keytab(), service.name());

    assertThat(quick.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Rejected.class);
  }

  @Test
  void aes128AndAes256TicketsAndSessionKeys_areAllAcceptedOnTheFastPath() {
    Instant now = Instant.now();
    int[][] combinations = {{AES128, AES128}, {AES256, AES256}, {AES128, AES256}, {AES256, AES128}};
    for (int[] etypes : combinations) {
      byte[] token = TicketForge.krb5Token(service.keytab(), service.name(), "carol@EXAMPLE.COM",
          now.minusSeconds(60), now.plusSeconds(3600), now, etypes[0], etypes[1]);

      assertThat(acceptor.accept(token)).as("ticket etype %d, session key etype %d", etypes[0], etypes[1])
          .isInstanceOf(AcceptResult.Accepted.class);
    }
    assertThat(fast().acceptedHere()).isEqualTo(combinations.length);
  }

  @Test
  void rc4TicketOrSessionKey_isHandedToJgss() throws Exception {
    Path keytab = withRc4Key(service.keytab(), service.name());
    FastPathAcceptor withRc4 = FastPathAcceptor.create(new AcceptorConfig(keytab, List.of(service.shortName())));
    Instant now = Instant.now();

    AcceptResult rc4Ticket = withRc4.accept(TicketForge.krb5Token(keytab, service.name(), "carol@EXAMPLE.COM",
        now.minusSeconds(60), now.plusSeconds(3600), now, RC4, RC4));
    AcceptResult rc4Session = withRc4.accept(TicketForge.krb5Token(keytab, service.name(), "carol@EXAMPLE.COM",
        now.minusSeconds(60), now.plusSeconds(3600), now, AES256, RC4));

    assertThat(withRc4.handedToJgss()).isEqualTo(2);
    assertThat(withRc4.acceptedHere()).isZero();
    // The test KDC's krb5.conf permits AES only, so the JDK refuses both: what it decides stands.
    assertThat(rc4Ticket).isInstanceOf(AcceptResult.Rejected.class);
    assertThat(rc4Session).isInstanceOf(AcceptResult.Rejected.class);
  }

  @Test
  void aFlippedBitAnywhereInTheTicketOrAuthenticatorCiphertext_isRefused() throws Exception {
    byte[] token = client.begin(service.shortName(), Mechanism.KRB5).token();
    GssFraming.Krb5Request request = (GssFraming.Krb5Request) GssFraming.parse(token);
    List<String> accepted = new ArrayList<>();
    for (byte[] cipher : List.of(request.apReq().ticket().encPart().cipher(), request.apReq().authenticator().cipher())) {
      int start = indexOf(token, cipher);
      for (int i = 0; i < cipher.length; i++) {
        byte[] flipped = token.clone();
        flipped[start + i] ^= (byte) (1 << (i % 8));
        if (acceptor.accept(flipped) instanceof AcceptResult.Accepted) {
          accepted.add("byte " + i + " of a " + cipher.length + "-byte ciphertext");
        }
      }
    }

    assertThat(accepted).isEmpty();
    assertThat(acceptor.accept(token)).as("the unaltered token, afterwards").isInstanceOf(AcceptResult.Accepted.class);
    assertThat(fast().handedToJgss()).isZero();
  }

  @Test
  void configuredClockSkew_decidesWhetherAClientClockThreeMinutesBehindIsAccepted() {
    Instant now = Instant.now();
    Instant behind = now.minus(Duration.ofMinutes(3));
    KerberosAcceptor strict = FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of("*"), Duration.ofMinutes(1)));
    KerberosAcceptor lenient = FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of("*"), Duration.ofMinutes(5)));

    AcceptResult strictResult = strict.accept(TicketForge.krb5Token(service.keytab(), service.name(),
        "alice@EXAMPLE.COM", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), behind));
    AcceptResult lenientResult = lenient.accept(TicketForge.krb5Token(service.keytab(), service.name(),
        "alice@EXAMPLE.COM", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)), behind));

    assertThat(strictResult).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).containsIgnoringCase("skew"));
    assertThat(lenientResult).isInstanceOf(AcceptResult.Accepted.class);
  }

  @Test
  void ticketNotYetValid_isRefused() {
    Instant now = Instant.now();
    byte[] token = TicketForge.krb5Token(service.keytab(), service.name(), "alice@EXAMPLE.COM",
        now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));

    assertThat(acceptor.accept(token)).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("not yet valid"));
  }

  @Test
  void acceptedToken_rewrappedInSpnegoBehindAnotherKerberosOidOrNtlm_isRefused_withoutAskingJgss() {
    byte[] raw = client.begin(service.shortName(), Mechanism.KRB5).token();
    assertThat(acceptor.accept(raw)).isInstanceOf(AcceptResult.Accepted.class);

    // JGSS takes the optimistic token of any proposal list whose first entry it counts as
    // Kerberos, 1.3.5.1.5.2 included, and its replay cache has not seen this authenticator.
    byte[] oldOidFirst = TestTokens.spnego(new byte[][] {GssFraming.OLD_KRB5_OID, GssFraming.KRB5_OID}, raw, null);
    byte[] ntlmFirst = TestTokens.spnego(new byte[][] {TestTokens.NTLM_OID, GssFraming.KRB5_OID}, raw, null);
    byte[] foreignOid = raw.clone();
    System.arraycopy(TestTokens.NTLM_OID, 0, foreignOid, TestTokens.indexOfOnly(raw, GssFraming.KRB5_OID),
        GssFraming.KRB5_OID.length - 1); // same length: 9 bytes of NTLM's 10 are an OID too, not Kerberos

    assertThat(acceptor.accept(oldOidFirst)).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("replay"));
    assertThat(acceptor.accept(ntlmFirst)).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("first mechanism"));
    assertThat(acceptor.accept(foreignOid)).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("not Kerberos"));
    assertThat(fast().handedToJgss()).isZero();
  }

  @Test
  void freshTokenInSpnegoWithTheOldKrb5OidFirst_isAcceptedOnTheFastPath_namingThatOidInTheReply() throws Exception {
    byte[] raw = client.begin(service.shortName(), Mechanism.KRB5).token();

    AcceptResult result = acceptor.accept(
        TestTokens.spnego(new byte[][] {GssFraming.OLD_KRB5_OID, GssFraming.KRB5_OID}, raw, null));

    assertThat(result).isInstanceOf(AcceptResult.Accepted.class);
    DerReader resp = DerReader.of(((AcceptResult.Accepted) result).replyToken()).read(DerWriter.context(1))
        .read(DerReader.SEQUENCE);
    resp.field(0).readEnumerated();
    assertThat(resp.field(1).readOidContents()).isEqualTo(GssFraming.OLD_KRB5_OID);
    assertThat(fast().acceptedHere()).isEqualTo(1);
    assertThat(fast().handedToJgss()).isZero();
  }

  @Test
  void acceptedToken_withItsServiceNameRewrittenToAPrincipalSharingTheKey_isRefusedAsAReplay() throws Exception {
    String host = service.shortName().substring("HTTP/".length());
    String twinHost = host.substring(0, host.length() - 1) + (host.endsWith("x") ? "y" : "x");
    String twin = "HTTP/" + twinHost + "@" + service.name().substring(service.name().indexOf('@') + 1);
    FastPathAcceptor both = FastPathAcceptor.create(
        new AcceptorConfig(withTwin(service.keytab(), service.name(), twin), List.of(AcceptorConfig.ANY)));
    byte[] token = client.begin(service.shortName(), Mechanism.KRB5).token();
    byte[] fresh = client.begin(service.shortName(), Mechanism.KRB5).token();

    // The sname travels in clear; the twin's key, being the same, opens the ticket all the same.
    AcceptResult freshRenamed = both.accept(renamed(fresh, host, twinHost));
    AcceptResult original = both.accept(token);
    AcceptResult replayRenamed = both.accept(renamed(token, host, twinHost));

    assertThat(freshRenamed).as("a fresh token for the twin").isInstanceOfSatisfying(AcceptResult.Accepted.class,
        accepted -> assertThat(accepted.service()).isEqualTo(twin));
    assertThat(original).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(replayRenamed).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("replay"));
    assertThat(both.handedToJgss()).isZero();
  }

  @Test
  void forgedServiceNameWithALineBreak_isEscapedInTheLogReason_andALongOneCutShort() {
    String forged = "h\r\nauth mechanism=kerberos outcome=authenticated principal=admin@EXAMPLE.COM";
    byte[] token = TestTokens.gssToken(GssFraming.KRB5_OID, TestTokens.apReq(0, "EXAMPLE.COM", "HTTP", forged));
    byte[] longName = TestTokens.gssToken(GssFraming.KRB5_OID,
        TestTokens.apReq(0, "EXAMPLE.COM", "HTTP", "x".repeat(5000)));
    KerberosAcceptor any = FastPathAcceptor.create(new AcceptorConfig(service.keytab(), List.of(AcceptorConfig.ANY)));

    List<AcceptResult> results = List.of(acceptor.accept(token), any.accept(token));
    AcceptResult cut = acceptor.accept(longName);

    assertThat(results).allSatisfy(result -> assertThat(result).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason())
            .doesNotContain("\r", "\n")
            .contains("HTTP/h\\r\\nauth mechanism=kerberos")
            .doesNotContain(service.name())));
    assertThat(cut).isInstanceOfSatisfying(AcceptResult.Rejected.class, rejected -> assertThat(rejected.logReason())
        .contains("...(5017 chars)")
        .hasSizeLessThan(UntrustedText.MAX_NAME + 100));
  }

  @Test
  void deletedKeytab_refusesEvenTicketsItHasCached_untilTheFileIsBack() throws Exception {
    Path keytab = Files.createTempFile("revoked", ".keytab");
    Files.copy(service.keytab(), keytab, StandardCopyOption.REPLACE_EXISTING);
    FastPathAcceptor quick = FastPathAcceptor.create(new AcceptorConfig(keytab, List.of(service.shortName())),
        Clock.systemUTC(), Duration.ZERO);
    assertThat(quick.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOf(AcceptResult.Accepted.class);
    byte[] saved = Files.readAllBytes(keytab);

    Files.delete(keytab);
    AcceptResult whileGone = quick.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token());
    Files.write(keytab, saved);
    AcceptResult afterwards = quick.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token());

    assertThat(whileGone).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).contains("keytab has no key"));
    assertThat(afterwards).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(quick.ticketDecryptions()).as("the cached ticket was dropped with the keys").isEqualTo(2);
    assertThat(quick.handedToJgss()).isZero();
  }

  @Test
  void fullReplayCache_refusesNewAuthenticators_andStillRefusesReplays() {
    FastPathAcceptor tiny = FastPathAcceptor.create(
        new AcceptorConfig(service.keytab(), List.of(service.shortName()), Duration.ofMinutes(5), 1),
        Clock.systemUTC(), Duration.ofSeconds(1));
    byte[] first = client.begin(service.shortName(), Mechanism.SPNEGO).token();

    assertThat(tiny.accept(first)).isInstanceOf(AcceptResult.Accepted.class);
    assertThat(tiny.accept(client.begin(service.shortName(), Mechanism.SPNEGO).token()))
        .isInstanceOfSatisfying(AcceptResult.Rejected.class,
            rejected -> assertThat(rejected.logReason()).contains("replay cache full"));
    assertThat(tiny.accept(first)).isInstanceOfSatisfying(AcceptResult.Rejected.class,
        rejected -> assertThat(rejected.logReason()).startsWith("replay:"));
    assertThat(tiny.replayEntries()).isEqualTo(1);
  }

  /** {@code token} with the ticket's host component {@code host} overwritten by {@code other} of the same length. */
  private static byte[] renamed(byte[] token, String host, String other) {
    byte[] copy = token.clone();
    byte[] replacement = other.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(replacement, 0, copy, TestTokens.indexOfOnly(token, host.getBytes(StandardCharsets.US_ASCII)),
        replacement.length);
    return copy;
  }

  /** A copy of {@code keytab} where {@code twin} has every key of {@code principal}, as two SPNs of one account do. */
  private static Path withTwin(Path keytab, String principal, String twin) throws Exception {
    Keytab loaded = Keytab.loadKeytab(keytab.toFile());
    List<KeytabEntry> copies = new ArrayList<>();
    for (PrincipalName present : new ArrayList<>(loaded.getPrincipals())) {
      if (present.getName().equals(principal)) {
        for (KeytabEntry entry : loaded.getKeytabEntries(present)) {
          copies.add(new KeytabEntry(new PrincipalName(twin), entry.getTimestamp(), entry.getKvno(), entry.getKey()));
        }
      }
    }
    copies.forEach(loaded::addEntry);
    File copy = File.createTempFile("twin", ".keytab");
    copy.deleteOnExit();
    loaded.store(copy);
    return copy.toPath();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("ciphertext not found in the token");
  }

  /** A copy of {@code keytab} with an RC4 (arcfour-hmac) key added for {@code principal}. */
  private static Path withRc4Key(Path keytab, String principal) throws Exception {
    Keytab loaded = Keytab.loadKeytab(keytab.toFile());
    PrincipalName name = new PrincipalName(principal);
    int kvno = 1;
    for (PrincipalName present : loaded.getPrincipals()) {
      if (present.getName().equals(principal)) {
        kvno = loaded.getKeytabEntries(present).get(0).getKvno();
      }
    }
    loaded.addEntry(new KeytabEntry(name, KerberosTime.now(), kvno, EncryptionHandler.random2Key(EncryptionType.ARCFOUR_HMAC)));
    File copy = File.createTempFile("rc4", ".keytab");
    copy.deleteOnExit();
    loaded.store(copy);
    return copy.toPath();
  }
}
