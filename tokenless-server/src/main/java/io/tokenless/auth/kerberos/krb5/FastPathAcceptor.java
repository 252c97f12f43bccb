package io.tokenless.auth.kerberos.krb5;

import io.tokenless.auth.kerberos.AcceptResult;
import io.tokenless.auth.kerberos.AcceptorConfig;
import io.tokenless.auth.kerberos.JgssAcceptor;
import io.tokenless.auth.kerberos.KerberosAcceptor;
import io.tokenless.auth.kerberos.KerberosPrincipalName;
import io.tokenless.auth.kerberos.UntrustedText;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the common Kerberos token itself and hands the rest to {@link JgssAcceptor}.
 *
 * <p>The common token is what browsers, curl and the JDK send: an AP-REQ, raw or as SPNEGO's
 * optimistic token with Kerberos proposed first, for a ticket sealed with
 * aes128/aes256-cts-hmac-sha1-96 and an AES session key. For it this class does what the JDK's
 * JGSS does, minus its per-token costs (a context, key derivations, provider look-ups): it
 * decrypts the ticket with the keytab key (derived keys kept per keytab load; the decrypted
 * ticket kept per exact sealed bytes, see {@link TicketCache}), then checks, in this order:
 * the service is configured; pvno, message types and versions; the ticket's INVALID flag, start
 * (starttime, else authtime) and end against now with the clock skew; the authenticator decrypts
 * with the session key; its client equals the ticket's; its ctime is within the skew of now; it
 * carries a well-formed GSS checksum (type 0x8003, Lgth 16, at least 24 bytes); it was not
 * accepted before ({@link ReplayCache}, which knows an authenticator by its client and the MAC
 * of its ciphertext, not by the service name the ticket carries in clear). Client addresses in
 * the ticket are not checked, as neither the JDK nor MIT acceptor does without channel bindings.
 * The reply is an AP-REP when the client asked for mutual authentication (GSS flag or AP option).
 *
 * <p>Which path decides is a function of the token's bytes, and a token that carries a Kerberos
 * AP-REQ is decided here however it is wrapped ({@link GssFraming}: by its inner token, not by
 * the SPNEGO proposal list): accepted, or refused when the framing is not one accepted here.
 * JGSS gets only tokens without an AP-REQ (another mechanism's, which it can only refuse, as
 * it would need a second round trip) and AP-REQs this class cannot decrypt: a ticket of another
 * enctype, or an AES ticket whose session key is of another enctype. Neither can be a replay of an authenticator accepted
 * here: the first never opens here (relabelling an AES ticket's enctype, which travels in clear,
 * only makes JGSS fail its integrity check with the other key), and the second's session key
 * type is sealed in the ticket, so every authenticator under that ticket goes to JGSS. So no
 * authenticator can be accepted once by each path with its separate replay cache. For the same
 * reason a use-session-key (user-to-user) AP-REQ is refused rather than handed over: its option
 * bit is not integrity-protected, and JGSS ignores it.
 *
 * <p>Names from the token in log reasons (the ticket's service name is in clear, the
 * authenticator's client name is chosen by the client) are escaped and cut short with
 * {@link UntrustedText#name}.
 *
 * <p>Not consulted: {@code permitted_enctypes} of {@code krb5.conf}. The JDK refuses a session
 * key whose type that list omits; here both AES-SHA1 types are always accepted.
 *
 * <p>Thread-safe; never throws for bad input.
 */
public final class FastPathAcceptor implements KerberosAcceptor {
  /** How often the keytab file is looked at for changes (besides when a ticket names a new kvno). */
  static final Duration KEYTAB_CHECK_INTERVAL = Duration.ofSeconds(1);
  static final int TICKET_CACHE_ENTRIES = 10_000;
  static final long TICKET_CACHE_BYTES = 32L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(FastPathAcceptor.class);

  private final AcceptorConfig config;
  private final JgssAcceptor fallback;
  private final List<String> allowed;
  private final ServiceKeys keys;
  private final TicketCache tickets;
  private final ReplayCache replays;
  private final Clock clock;
  private final long skewMillis;
  private final LongAdder acceptedHere = new LongAdder();
  private final LongAdder handedToJgss = new LongAdder();
  private final LongAdder ticketDecryptions = new LongAdder();

  private FastPathAcceptor(AcceptorConfig config, JgssAcceptor fallback, ServiceKeys keys, Clock clock,
      ReplayCache replays) {
    this.config = config;
    this.fallback = fallback;
    this.allowed = fallback.acceptedPrincipals();
    this.keys = keys;
    this.tickets = new TicketCache(TICKET_CACHE_ENTRIES, TICKET_CACHE_BYTES);
    this.replays = replays;
    this.clock = clock;
    this.skewMillis = config.clockSkew().toMillis();
  }

  /**
   * Sets up the JGSS fallback (which validates the keytab and principals, see
   * {@link JgssAcceptor#create}) and loads the keytab's AES keys.
   *
   * @throws io.tokenless.auth.kerberos.KerberosConfigException naming the setting when either fails
   */
  public static FastPathAcceptor create(AcceptorConfig config) {
    Objects.requireNonNull(config, "config");
    return create(config, Clock.systemUTC(), KEYTAB_CHECK_INTERVAL,
        ReplayCache.shared(retentionSeconds(config), config.replayCacheMaxEntries()));
  }

  /**
   * As {@link #create(AcceptorConfig)} with another clock, keytab check interval and a replay
   * cache of its own (a clock of its own must not sweep the JVM's shared cache): for tests.
   */
  static FastPathAcceptor create(AcceptorConfig config, Clock clock, Duration keytabCheckInterval) {
    return create(config, clock, keytabCheckInterval,
        new ReplayCache(retentionSeconds(config), config.replayCacheMaxEntries()));
  }

  /** How long the replay cache must remember an authenticator: the skew, rounded up to whole seconds. */
  private static long retentionSeconds(AcceptorConfig config) {
    return (config.clockSkew().toMillis() + 999) / 1000;
  }

  private static FastPathAcceptor create(AcceptorConfig config, Clock clock, Duration keytabCheckInterval,
      ReplayCache replays) {
    JgssAcceptor fallback = JgssAcceptor.create(config);
    ServiceKeys keys = ServiceKeys.load(config.keytab(), keytabCheckInterval.toNanos());
    log.info("Kerberos: AES tickets are accepted directly (clock skew {}s), other tokens by JGSS",
        config.clockSkew().toSeconds());
    return new FastPathAcceptor(config, fallback, keys, clock, replays);
  }

  @Override
  public AcceptorConfig config() {
    return config;
  }

  @Override
  public AcceptResult accept(byte[] token) {
    if (token == null || token.length == 0) {
      return new AcceptResult.Rejected("empty token");
    }
    if (token.length > MAX_TOKEN_BYTES) {
      return new AcceptResult.Rejected("token of " + token.length + " bytes exceeds " + MAX_TOKEN_BYTES);
    }
    try {
      GssFraming.Framing framing = GssFraming.parse(token);
      if (framing instanceof GssFraming.NotKerberos other) {
        return handOver(token, other.reason());
      }
      return accept(token, (GssFraming.Krb5Request) framing);
    } catch (Krb5Exception e) {
      return new AcceptResult.Rejected(e.getMessage());
    } catch (RuntimeException e) {
      // A bug of ours on some input must still end as a rejection, not a 500.
      log.error("Kerberos: unexpected failure accepting a token", e);
      return new AcceptResult.Rejected("internal error: " + e.getClass().getSimpleName());
    }
  }

  private AcceptResult accept(byte[] token, GssFraming.Krb5Request request) throws Krb5Exception {
    ApReq apReq = request.apReq();
    if (apReq.useSessionKey()) {
      throw new Krb5Exception("AP-REQ asks for user-to-user (use-session-key); a keytab cannot accept it");
    }
    Ticket ticket = apReq.ticket();
    String service = ticket.serviceName();
    if (!config.acceptsAny() && !allowed.contains(service)) {
      throw new Krb5Exception("ticket is for " + UntrustedText.name(service) + ", not one of the " + allowed.size()
          + " configured service principals");
    }
    int ticketEtype = ticket.encPart().etype();
    if (!AesCtsHmacSha1.supports(ticketEtype)) {
      return handOver(token, "ticket enctype " + ticketEtype);
    }
    long generation = keys.generation();
    Optional<DecryptedTicket> cached = tickets.get(ticket, generation);
    long nowMillis = clock.millis();
    DecryptedTicket decrypted;
    if (cached.isPresent()) {
      decrypted = cached.get();
    } else {
      Optional<DecryptedTicket> opened = decrypt(ticket, service);
      if (opened.isEmpty()) {
        return handOver(token, "session key enctype is not AES-SHA1");
      }
      decrypted = opened.get();
      // Filed under the load whose key opened it: if the keytab changed meanwhile, it is dropped.
      tickets.put(ticket, decrypted, decrypted.keysGeneration(), nowMillis / 1000, skewMillis / 1000);
    }
    checkTicketTimes(decrypted.part(), nowMillis);

    EncryptedData sealed = apReq.authenticator();
    if (sealed.etype() != decrypted.authenticatorKeys().etype()) {
      throw new Krb5Exception("authenticator enctype " + sealed.etype() + " differs from the session key's "
          + decrypted.authenticatorKeys().etype());
    }
    Authenticator authenticator;
    try {
      authenticator = Authenticator.decode(AesCtsHmacSha1.decrypt(decrypted.authenticatorKeys(), sealed.cipher()));
    } catch (Krb5Exception e) {
      throw new Krb5Exception("authenticator: " + e.getMessage());
    }
    if (!authenticator.cname().equals(decrypted.part().cname()) || !authenticator.crealm().equals(decrypted.part().crealm())) {
      throw new Krb5Exception("authenticator client " + UntrustedText.name(authenticator.clientName())
          + " differs from the ticket's " + UntrustedText.name(decrypted.client()));
    }
    if (Math.abs(authenticator.ctimeMillis() - nowMillis) > skewMillis) {
      throw new Krb5Exception("clock skew too great: authenticator time is "
          + (authenticator.ctimeMillis() - nowMillis) / 1000 + "s from ours, allowed " + skewMillis / 1000 + "s");
    }
    GssChecksum checksum = GssChecksum.parse(authenticator.checksum()
        .orElseThrow(() -> new Krb5Exception("authenticator without the GSS checksum")));
    // Known by client and MAC, not by the service: the ticket's sname is in clear, and another
    // principal with the same key in the keytab would open the same ticket under another name.
    ReplayCache.Entry entry = ReplayCache.entry(decrypted.client(), sealed.cipher());
    switch (replays.record(entry, authenticator.ctime(), nowMillis / 1000)) {
      case FIRST_USE -> { }
      case REPLAY -> throw new Krb5Exception("replay: this authenticator of " + UntrustedText.name(decrypted.client())
          + " was accepted before");
      case FORGOTTEN -> throw new Krb5Exception("authenticator time is older than what the replay cache still"
          + " remembers (the clock skew was raised since start?): it cannot be told from a replay");
      case FULL -> throw new Krb5Exception("replay cache full: " + replays.maxEntries()
          + " authenticators within the clock skew (kerberos.replayCacheMaxEntries); new ones are refused until"
          + " older ones age out");
    }
    Optional<byte[]> apRep = checksum.mutual() || apReq.mutualRequired()
        ? Optional.of(ApRep.encode(decrypted, authenticator))
        : Optional.empty();
    acceptedHere.increment();
    return new AcceptResult.Accepted(KerberosPrincipalName.parse(decrypted.client()), service,
        GssFraming.reply(request, apRep));
  }

  /** The ticket opened with the keytab; empty when its session key is not AES-SHA1 (JGSS's job). */
  private Optional<DecryptedTicket> decrypt(Ticket ticket, String service) throws Krb5Exception {
    EncryptedData sealed = ticket.encPart();
    ServiceKeys.ServiceKey key = keys.find(service, sealed.etype(), sealed.kvno())
        .orElseThrow(() -> new Krb5Exception("keytab has no key of enctype " + sealed.etype() + " for "
            + UntrustedText.name(service)));
    ticketDecryptions.increment();
    EncTicketPart part;
    try {
      part = EncTicketPart.decode(AesCtsHmacSha1.decrypt(key.ticketKeys(), sealed.cipher()));
    } catch (Krb5Exception e) {
      throw new Krb5Exception("ticket for " + UntrustedText.name(service) + " (kvno " + sealed.kvno().orElse(0)
          + ", keytab kvno " + key.kvno() + "): " + e.getMessage());
    }
    if (!AesCtsHmacSha1.supports(part.sessionKey().etype())) {
      return Optional.empty();
    }
    return Optional.of(new DecryptedTicket(service, part.clientName(), part,
        AesCtsHmacSha1.derive(part.sessionKey(), KeyUsage.AUTHENTICATOR),
        AesCtsHmacSha1.derive(part.sessionKey(), KeyUsage.AP_REP), key.generation()));
  }

  /** RFC 4120 3.2.3 with the JDK's and MIT's use of the skew on both ends. */
  private void checkTicketTimes(EncTicketPart part, long nowMillis) throws Krb5Exception {
    if ((part.flags() & EncTicketPart.INVALID) != 0) {
      throw new Krb5Exception("ticket not yet valid: its INVALID flag is set");
    }
    if (part.validFrom() * 1000 - skewMillis > nowMillis) {
      throw new Krb5Exception("ticket not yet valid: starts " + (part.validFrom() - nowMillis / 1000) + "s from now");
    }
    if (part.endtime() * 1000 + skewMillis < nowMillis) {
      throw new Krb5Exception("ticket expired " + (nowMillis / 1000 - part.endtime()) + "s ago");
    }
  }

  private AcceptResult handOver(byte[] token, String why) {
    handedToJgss.increment();
    log.debug("Kerberos: token handed to JGSS: {}", why);
    return fallback.accept(token);
  }

  /**
   * Counts since start, for diagnostics and tests.
   *
   * @param acceptedHere      tokens accepted without JGSS
   * @param handedToJgss      tokens handed to JGSS, whatever it made of them
   * @param ticketDecryptions tickets decrypted rather than found in the ticket cache
   */
  public record Stats(long acceptedHere, long handedToJgss, long ticketDecryptions) {}

  public Stats stats() {
    return new Stats(acceptedHere.sum(), handedToJgss.sum(), ticketDecryptions.sum());
  }

  long acceptedHere() {
    return acceptedHere.sum();
  }

  long handedToJgss() {
    return handedToJgss.sum();
  }

  long ticketDecryptions() {
    return ticketDecryptions.sum();
  }

  int replayEntries() {
    return replays.size();
  }

  int replayBuckets() {
    return replays.buckets();
  }

  @Override
  public String toString() {
    return "FastPathAcceptor[" + keys + ", " + tickets.size() + " cached tickets]";
  }
}
