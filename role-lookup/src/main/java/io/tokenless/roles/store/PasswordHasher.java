package io.tokenless.roles.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt as Keystone stores it ({@code $2b$<cost>$...}), so hashes move between the two
 * unchanged. Like Keystone's passlib, only the first 72 bytes of the UTF-8 password count.
 */
public final class PasswordHasher {
  /** Keystone's default cost factor. */
  public static final int DEFAULT_COST = 12;

  /** bcrypt reads at most this many bytes of the password. */
  private static final int BCRYPT_MAX_BYTES = 72;

  private final int cost;
  private final SecureRandom random = new SecureRandom();
  // Checked against when the user does not exist, so that the answer takes as long as for a
  // real user and timing does not tell which user names exist.
  private final String dummyHash;

  public PasswordHasher(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, is " + cost);
    }
    this.cost = cost;
    this.dummyHash = hash("tokenless-dummy-password".toCharArray());
  }

  public PasswordHasher() {
    this(DEFAULT_COST);
  }

  public int cost() {
    return cost;
  }

  /** A fresh {@code $2b$} hash of {@code password} with a random salt. */
  public String hash(char[] password) {
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] bytes = bytes(password);
    try {
      return OpenBSDBCrypt.generate("2b", bytes, salt, cost);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Whether {@code password} matches {@code hash} ({@code $2a$}, {@code $2b$} or {@code $2y$}).
   * A {@code null} or malformed hash never matches, after the same work as a real check.
   */
  public boolean verify(char[] password, String hash) {
    byte[] bytes = bytes(password);
    try {
      if (hash == null || !wellFormed(hash)) {
        OpenBSDBCrypt.checkPassword(dummyHash, bytes);
        return false;
      }
      return OpenBSDBCrypt.checkPassword(hash, bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Burns the time of one check; used when there is no user to check against. */
  public void dummyCheck(char[] password) {
    verify(password, dummyHash);
  }

  private static boolean wellFormed(String hash) {
    return hash.length() == 60 && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"));
  }

  private static byte[] bytes(char[] password) {
    var encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] all = new byte[encoded.remaining()];
    encoded.get(all);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    if (all.length <= BCRYPT_MAX_BYTES) {
      return all;
    }
    byte[] truncated = Arrays.copyOf(all, BCRYPT_MAX_BYTES);
    Arrays.fill(all, (byte) 0);
    return truncated;
  }
}
