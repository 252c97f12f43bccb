package io.tokenless.microbench.fernet;

import io.tokenless.fernet.DecryptedToken;
import io.tokenless.fernet.FernetCodec;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.InvalidTokenException;
import io.tokenless.fernet.IssuedToken;
import io.tokenless.fernet.KeyRepository;
import io.tokenless.fernet.KeySource;
import io.tokenless.fernet.PayloadCodec;
import io.tokenless.fernet.TokenPayload;
import io.tokenless.fernet.ValidatedToken;
import io.tokenless.microbench.ScratchDir;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Keystone-format Fernet tokens as the token endpoint issues and validates them: a project-scoped
 * password token, keys from a key repository set up as {@code tokenless fernet setup} does
 * (primary and staged key, so validation tries the primary first and succeeds with it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dlogback.configurationFile=microbench-logback.xml")
public class FernetBenchmark {
  private static final int UNSEEN_TOKENS = 200_000;

  private ScratchDir dir;
  private FernetTokenProvider provider;
  private FernetCodec codec;
  private PayloadCodec payloads;
  private TokenPayload payload;
  private String token;
  private String[] unseen;
  private int nextUnseen;
  private byte[] packed;

  @Setup(Level.Trial)
  public void setUp() throws InvalidTokenException {
    dir = ScratchDir.create("fernet");
    KeyRepository repository = new KeyRepository(dir.path().resolve("fernet-keys"));
    KeySource keys = KeySource.fixed(repository.setup());
    provider = new FernetTokenProvider(keys);
    codec = new FernetCodec(keys);
    payloads = PayloadCodec.keystoneDefaults();
    // An hour ahead, like Keystone's default expiration; ids as Keystone makes them.
    payload = new TokenPayload.ProjectScoped(uuidHex(), List.of("password"), uuidHex(),
        Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS), List.of(auditId()));
    token = provider.mint(payload).token();
    packed = payloads.pack(payload);
    // Far more tokens than the provider keeps decoded, taken in turn: each is decrypted anew.
    unseen = new String[UNSEEN_TOKENS];
    for (int i = 0; i < unseen.length; i++) {
      unseen[i] = provider.mint(payload).token();
    }
    if (!provider.validate(token).payload().equals(payload)) {
      throw new IllegalStateException("the issued token does not validate to its payload");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dir.close();
  }

  /** A token validated before, as a service's own token is on every call: look-up and expiry. */
  @Benchmark
  public ValidatedToken validate() throws InvalidTokenException {
    return provider.validate(token);
  }

  /** A token seen for the first time: decrypt, verify, unpack, expiry. */
  @Benchmark
  public ValidatedToken validateUnseen() throws InvalidTokenException {
    String next = unseen[nextUnseen];
    nextUnseen = (nextUnseen + 1) % unseen.length;
    return provider.validate(next);
  }

  /** The Fernet layer alone: HMAC check and AES-CBC decryption. */
  @Benchmark
  public DecryptedToken decrypt() throws InvalidTokenException {
    return codec.decrypt(token);
  }

  /** The msgpack layer alone: the payload of a project-scoped token. */
  @Benchmark
  public TokenPayload unpack() throws InvalidTokenException {
    return payloads.unpack(packed);
  }

  /** {@code POST /v3/auth/tokens} minus authentication: pack, random IV, encrypt, sign. */
  @Benchmark
  public IssuedToken issue() {
    return provider.mint(payload);
  }

  private static String uuidHex() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** Keystone's audit id: 16 random bytes, URL-safe base64 without padding. */
  private static String auditId() {
    UUID uuid = UUID.randomUUID();
    byte[] bytes = ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
