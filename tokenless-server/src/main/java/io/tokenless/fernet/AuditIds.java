package io.tokenless.fernet;

import java.security.SecureRandom;
import java.util.Base64;

/** Audit ids as Keystone makes them: 16 random bytes, URL-safe base64 without padding. */
public final class AuditIds {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private AuditIds() {}

  /** A fresh 22-character audit id. */
  public static String random(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return ENCODER.encodeToString(bytes);
  }

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  static byte[] decode(String auditId) {
    return Base64.getUrlDecoder().decode(auditId);
  }
}
