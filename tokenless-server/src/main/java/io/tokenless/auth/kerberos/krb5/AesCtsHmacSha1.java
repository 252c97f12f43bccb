package io.tokenless.auth.kerberos.krb5;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Kerberos encryption types aes128-cts-hmac-sha1-96 (17) and aes256-cts-hmac-sha1-96 (18)
 * of RFC 3962, on the simplified profile of RFC 3961: keys derived per key usage with DK,
 * a random 16-byte confounder, AES in CBC mode with ciphertext stealing and a zero IV, and an
 * HMAC-SHA1 truncated to 96 bits over confounder and plaintext.
 *
 * <p>Derivation is the costly part (two to four AES block operations and an n-fold per key), so
 * callers derive {@link UsageKeys} once per key and usage and keep them. Cipher, Mac and
 * random instances are reused per thread, each {@code init} resetting them completely.
 * Thread-safe.
 */
public final class AesCtsHmacSha1 {
  public static final int AES128_CTS_HMAC_SHA1_96 = 17;
  public static final int AES256_CTS_HMAC_SHA1_96 = 18;

  static final int BLOCK = 16;
  static final int MAC_LENGTH = 12;
  private static final int CONFOUNDER = BLOCK;
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK]);

  // A provider lookup per getInstance costs more than the crypto of a small message.
  // SunJCE's AES/CTS is the Kerberos variant (RFC 3962: the last two blocks always swapped,
  // one block is plain CBC); the JDK's own Kerberos uses it too.
  private static final ThreadLocal<Cipher> CTS = ThreadLocal.withInitial(() -> cipher("AES/CTS/NoPadding"));
  private static final ThreadLocal<Cipher> ECB = ThreadLocal.withInitial(() -> cipher("AES/ECB/NoPadding"));
  private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(AesCtsHmacSha1::hmac);
  // One DRBG per thread: the default NativePRNG serialises every caller on one lock.
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(AesCtsHmacSha1::random);

  private AesCtsHmacSha1() {}

  /**
   * The keys of one key usage: Ke (encryption, DK with {@code usage | 0xAA}) and Ki (integrity,
   * DK with {@code usage | 0x55}). No {@code toString} exposes them ({@link SecretKeySpec} does not).
   */
  public record UsageKeys(int etype, int usage, SecretKeySpec ke, SecretKeySpec ki) {}

  public static boolean supports(int etype) {
    return etype == AES128_CTS_HMAC_SHA1_96 || etype == AES256_CTS_HMAC_SHA1_96;
  }

  /** Key length in bytes of a supported etype. */
  public static int keyLength(int etype) {
    return etype == AES256_CTS_HMAC_SHA1_96 ? 32 : 16;
  }

  /** Derives Ke and Ki of {@code key} for {@code usage} (RFC 3961 5.3). */
  public static UsageKeys derive(EncryptionKey key, int usage) throws Krb5Exception {
    if (!supports(key.etype())) {
      throw new Krb5Exception("etype " + key.etype() + " is not AES-SHA1");
    }
    if (key.rawBytes().length != keyLength(key.etype())) {
      throw new Krb5Exception("etype " + key.etype() + " key of " + key.rawBytes().length + " bytes");
    }
    byte[] base = key.rawBytes();
    return new UsageKeys(key.etype(), usage,
        new SecretKeySpec(derivedKey(base, usage, 0xaa), "AES"),
        new SecretKeySpec(derivedKey(base, usage, 0x55), "HmacSHA1"));
  }

  /**
   * DK(base, usage || suffix): the n-folded constant encrypted repeatedly with the base key, the
   * blocks concatenated until the key length (DR), taken as the key (AES random-to-key is identity).
   */
  static byte[] derivedKey(byte[] base, int usage, int suffix) {
    byte[] constant = {(byte) (usage >>> 24), (byte) (usage >>> 16), (byte) (usage >>> 8), (byte) usage, (byte) suffix};
    byte[] block = NFold.fold(constant, BLOCK);
    byte[] out = new byte[base.length];
    try {
      Cipher ecb = ECB.get();
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(base, "AES"));
      for (int filled = 0; filled < out.length; filled += BLOCK) {
        block = ecb.doFinal(block);
        System.arraycopy(block, 0, out, filled, Math.min(BLOCK, out.length - filled));
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES key derivation failed", e);
    }
  }

  /**
   * Decrypts {@code length} bytes of {@code buffer} from {@code offset} (ciphertext and MAC) and
   * returns the plaintext without its confounder.
   *
   * @throws Krb5Exception when the input is too short or the MAC does not match (wrong key,
   *     wrong usage, or altered bytes: indistinguishable by design)
   */
  public static byte[] decrypt(UsageKeys keys, byte[] buffer, int offset, int length) throws Krb5Exception {
    if (length < CONFOUNDER + MAC_LENGTH) {
      throw new Krb5Exception("ciphertext of " + length + " bytes is shorter than confounder and MAC");
    }
    int cipherLength = length - MAC_LENGTH;
    byte[] plain;
    byte[] mac;
    try {
      Cipher cts = CTS.get();
      cts.init(Cipher.DECRYPT_MODE, keys.ke(), ZERO_IV);
      plain = cts.doFinal(buffer, offset, cipherLength);
      Mac hmac = HMAC.get();
      hmac.init(keys.ki());
      mac = hmac.doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTS or HMAC-SHA1 failed on well-sized input", e);
    }
    if (!MessageDigest.isEqual(Arrays.copyOf(mac, MAC_LENGTH),
        Arrays.copyOfRange(buffer, offset + cipherLength, offset + length))) {
      throw new Krb5Exception("integrity check failed (wrong key or altered ciphertext)");
    }
    return Arrays.copyOfRange(plain, CONFOUNDER, plain.length);
  }

  public static byte[] decrypt(UsageKeys keys, byte[] ciphertext) throws Krb5Exception {
    return decrypt(keys, ciphertext, 0, ciphertext.length);
  }

  /** Encrypts {@code plaintext} with a fresh confounder; returns ciphertext and MAC. */
  public static byte[] encrypt(UsageKeys keys, byte[] plaintext) {
    byte[] input = new byte[CONFOUNDER + plaintext.length];
    byte[] confounder = new byte[CONFOUNDER];
    RANDOM.get().nextBytes(confounder);
    System.arraycopy(confounder, 0, input, 0, CONFOUNDER);
    System.arraycopy(plaintext, 0, input, CONFOUNDER, plaintext.length);
    try {
      Cipher cts = CTS.get();
      cts.init(Cipher.ENCRYPT_MODE, keys.ke(), ZERO_IV);
      byte[] out = new byte[input.length + MAC_LENGTH];
      int written = cts.doFinal(input, 0, input.length, out, 0);
      Mac hmac = HMAC.get();
      hmac.init(keys.ki());
      byte[] mac = hmac.doFinal(input);
      System.arraycopy(mac, 0, out, written, MAC_LENGTH);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTS or HMAC-SHA1 failed", e);
    }
  }

  /** AES-CTS with a zero IV and no confounder or MAC: the bare cipher of RFC 3962 Appendix B. */
  static byte[] ctsEncrypt(byte[] key, byte[] input) throws GeneralSecurityException {
    Cipher cts = CTS.get();
    cts.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
    return cts.doFinal(input);
  }

  static byte[] ctsDecrypt(byte[] key, byte[] input) throws GeneralSecurityException {
    Cipher cts = CTS.get();
    cts.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), ZERO_IV);
    return cts.doFinal(input);
  }

  /** A uniformly random 30-bit sequence number, as the JDK and MIT acceptors choose them. */
  static int randomSequenceNumber() {
    return RANDOM.get().nextInt() & 0x3fffffff;
  }

  private static Cipher cipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks " + transformation, e);
    }
  }

  private static Mac hmac() {
    try {
      return Mac.getInstance("HmacSHA1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks HmacSHA1", e);
    }
  }

  private static SecureRandom random() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }
}
