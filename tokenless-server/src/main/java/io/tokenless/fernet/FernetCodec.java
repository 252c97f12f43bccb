package io.tokenless.fernet;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;

/**
 * The Fernet layer of a Keystone token: version {@code 0x80}, 64-bit big-endian timestamp in
 * seconds, 16-byte IV, AES-128-CBC with PKCS#7 padding, HMAC-SHA256 over everything before it;
 * URL-safe base64 with the trailing {@code =} removed, as Keystone hands tokens out.
 *
 * <p>Encrypts with the primary key of the current key set and decrypts by trying every key,
 * highest number first and the staged key {@code 0} last, like Keystone's {@code MultiFernet}.
 * No TTL is applied here: like Keystone, expiry comes from the payload only. Every failure is an
 * {@link InvalidTokenException}; MAC comparison is constant-time.
 *
 * <p>Reading is stricter than python's lenient base64 decoder: a token must be unpadded or
 * carry exactly the padding its length needs (what Keystone's {@code restore_padding} yields);
 * extra {@code =}, characters outside the URL-safe alphabet and non-canonical final characters
 * are refused, so one token has exactly two accepted spellings.
 */
public final class FernetCodec {
  // A provider lookup per getInstance costs more than the AES and HMAC of a token; instances are
  // reused per thread, each init() resetting it completely.
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> instance(() ->
      Cipher.getInstance("AES/CBC/PKCS5Padding")));
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> instance(() ->
      Mac.getInstance("HmacSHA256")));

  private interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  private static <T> T instance(Factory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks AES/CBC or HmacSHA256", e);
    }
  }


  /**
   * Longest token text accepted. Keystone's largest payloads (federated, many groups) stay far
   * below this; anything longer is refused before base64 decoding or any crypto.
   */
  public static final int MAX_TOKEN_LENGTH = 4096;

  static final byte VERSION = (byte) 0x80;
  private static final int TIMESTAMP_OFFSET = 1;
  private static final int IV_OFFSET = 9;
  private static final int IV_LENGTH = 16;
  private static final int CIPHERTEXT_OFFSET = IV_OFFSET + IV_LENGTH;
  private static final int HMAC_LENGTH = 32;
  private static final int BLOCK = 16;
  /** Version, timestamp, IV, one AES block, HMAC. */
  private static final int MIN_LENGTH = CIPHERTEXT_OFFSET + BLOCK + HMAC_LENGTH;
  /** {@link Instant#MAX} in seconds: a larger timestamp cannot be an issue time. */
  private static final long MAX_TIMESTAMP = 31556889864403199L;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final KeySource keys;
  private final Clock clock;
  private final SecureRandom random;

  public FernetCodec(KeySource keys) {
    this(keys, Clock.systemUTC(), new SecureRandom());
  }

  public FernetCodec(KeySource keys, Clock clock, SecureRandom random) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Encrypts with the primary key, the current time and a random IV; returns the token text. */
  public String encrypt(byte[] plaintext) {
    // Like python's int(time.time()): whole seconds, truncated.
    return encrypt(plaintext, clock.instant().getEpochSecond());
  }

  /** Encrypts with the primary key, a random IV and the given timestamp (seconds). */
  String encrypt(byte[] plaintext, long timestamp) {
    byte[] iv = new byte[IV_LENGTH];
    random.nextBytes(iv);
    return encrypt(keys.current().primary().key(), plaintext, timestamp, iv);
  }

  /**
   * Deterministic encryption with a given key, timestamp and IV: the same inputs give the same
   * token as Keystone. For tests and vector reproduction; never reuse an IV for real tokens.
   */
  static String encrypt(FernetKey key, byte[] plaintext, long timestamp, byte[] iv) {
    if (iv.length != IV_LENGTH) {
      throw new IllegalArgumentException("IV must be 16 bytes");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key.encryptionKey(), new IvParameterSpec(iv));
      byte[] ciphertext = cipher.doFinal(plaintext);
      ByteBuffer token =
          ByteBuffer.allocate(CIPHERTEXT_OFFSET + ciphertext.length + HMAC_LENGTH);
      token.put(VERSION).putLong(timestamp).put(iv).put(ciphertext);
      token.put(hmac(key, token.array(), token.position()));
      return ENCODER.encodeToString(token.array());
    } catch (GeneralSecurityException e) {
      // AES-128-CBC and HmacSHA256 are mandatory in every JDK: this cannot happen.
      throw new IllegalStateException("JDK lacks AES/CBC or HmacSHA256", e);
    }
  }

  /**
   * Verifies and decrypts a token with the current keys.
   *
   * @throws InvalidTokenException if the text is not a Fernet token, no key's HMAC matches, or the
   *     ciphertext does not decrypt
   */
  public DecryptedToken decrypt(String token) throws InvalidTokenException {
    return decrypt(token, keys.current());
  }

  static DecryptedToken decrypt(String token, FernetKeys keySet) throws InvalidTokenException {
    byte[] data = decodeText(token);
    if (data[0] != VERSION) {
      throw new InvalidTokenException(InvalidTokenException.Reason.UNSUPPORTED_VERSION,
          "Fernet version byte 0x" + Integer.toHexString(data[0] & 0xff));
    }
    int signedLength = data.length - HMAC_LENGTH;
    byte[] mac = Arrays.copyOfRange(data, signedLength, data.length);
    boolean someKeyMatched = false;
    for (FernetKeys.Numbered candidate : keySet.decryptionOrder()) {
      if (!MessageDigest.isEqual(mac, hmac(candidate.key(), data, signedLength))) {
        continue;
      }
      someKeyMatched = true;
      // Like MultiFernet: a key whose HMAC matches but cannot decrypt is skipped, not final.
      byte[] plaintext = aesDecrypt(candidate.key(), data, signedLength);
      if (plaintext != null) {
        return new DecryptedToken(plaintext, issuedAt(data), candidate.number());
      }
    }
    if (someKeyMatched) {
      throw new InvalidTokenException(InvalidTokenException.Reason.UNDECRYPTABLE,
          "HMAC verified but the ciphertext padding is invalid");
    }
    throw new InvalidTokenException(InvalidTokenException.Reason.NO_MATCHING_KEY,
        "no key in " + keySet + " verifies the HMAC");
  }

  /**
   * Decodes the token text to Fernet bytes, checking padding and length; no key is used. Keystone
   * restores padding from the length alone: if {@code len % 4} is not 0, {@code 4 - len % 4}
   * {@code =} are appended.
   */
  private static byte[] decodeText(String token) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw malformed("empty token");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(InvalidTokenException.Reason.TOO_LONG,
          "token of " + token.length() + " characters, at most " + MAX_TOKEN_LENGTH);
    }
    int end = token.length();
    while (end > 0 && token.charAt(end - 1) == '=') {
      end--;
    }
    String body = token.substring(0, end);
    int padding = token.length() - end;
    int expectedPadding = (4 - body.length() % 4) % 4;
    if (body.length() % 4 == 1 || (padding != 0 && padding != expectedPadding)) {
      throw malformed("bad base64 length or padding");
    }
    byte[] data;
    try {
      data = DECODER.decode(body);
    } catch (IllegalArgumentException e) {
      throw malformed("not URL-safe base64");
    }
    // Unused low bits of the last character must be zero: one token, one spelling.
    if (!ENCODER.encodeToString(data).equals(body)) {
      throw malformed("non-canonical base64");
    }
    if (data.length < MIN_LENGTH || (data.length - MIN_LENGTH) % BLOCK != 0) {
      throw malformed("decoded length " + data.length + " is not 57 + 16k (k >= 1)");
    }
    return data;
  }

  private static Instant issuedAt(byte[] data) throws InvalidTokenException {
    long timestamp = ByteBuffer.wrap(data, TIMESTAMP_OFFSET, Long.BYTES).getLong();
    // Unsigned on the wire; anything past Instant.MAX (or with the top bit set) is not a time.
    if (timestamp < 0 || timestamp > MAX_TIMESTAMP) {
      throw malformed("timestamp out of range");
    }
    return Instant.ofEpochSecond(timestamp);
  }

  /** Returns the plaintext, or null when the PKCS#7 padding is wrong. */
  private static byte[] aesDecrypt(FernetKey key, byte[] data, int signedLength) {
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key.encryptionKey(),
          new IvParameterSpec(data, IV_OFFSET, IV_LENGTH));
      return cipher.doFinal(data, CIPHERTEXT_OFFSET, signedLength - CIPHERTEXT_OFFSET);
    } catch (BadPaddingException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks AES/CBC", e);
    }
  }

  private static byte[] hmac(FernetKey key, byte[] data, int length) {
    try {
      Mac mac = MACS.get();
      mac.init(key.signingKey());
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks HmacSHA256", e);
    }
  }

  private static InvalidTokenException malformed(String detail) {
    return new InvalidTokenException(InvalidTokenException.Reason.MALFORMED, detail);
  }
}
