package io.tokenless.auth.kerberos.krb5;

/**
 * The GSS-API checksum of a Kerberos initial context token (RFC 4121 4.1.1, checksum type
 * 0x8003): channel-binding hash and context flags carried in the authenticator.
 *
 * <p>Layout (little-endian): Lgth (4, always 16), Bnd (16), Flags (4), and, with the delegation
 * flag, DlgOpt (2, = 1), Dlgth (2) and a KRB-CRED of Dlgth bytes; extensions may follow.
 * The acceptor passes no channel bindings, so Bnd is not compared: RFC 4121 4.1.1.2 lets an
 * acceptor without bindings ignore the initiator's, and the JDK and MIT acceptors do. Delegated
 * credentials are bounds-checked and otherwise unused: this server never acts as the client.
 *
 * @param flags the GSS context flags the initiator asked for
 */
public record GssChecksum(int flags) {
  public static final int TYPE = 0x8003;
  public static final int DELEG_FLAG = 0x1;
  public static final int MUTUAL_FLAG = 0x2;
  private static final int MIN_LENGTH = 24;

  /** Validates the authenticator's cksum as a GSS checksum and returns its flags. */
  static GssChecksum parse(Authenticator.Checksum checksum) throws Krb5Exception {
    if (checksum.type() != TYPE) {
      throw new Krb5Exception("authenticator checksum type " + checksum.type() + ", not the GSS type 0x8003");
    }
    byte[] value = checksum.value();
    if (value.length < MIN_LENGTH) {
      throw new Krb5Exception("GSS checksum of " + value.length + " bytes, less than 24");
    }
    if (littleEndian(value, 0, 4) != 16) {
      throw new Krb5Exception("GSS checksum Lgth is not 16");
    }
    int flags = (int) littleEndian(value, 20, 4);
    if ((flags & DELEG_FLAG) != 0) {
      if (value.length < MIN_LENGTH + 4 || littleEndian(value, 24, 2) != 1) {
        throw new Krb5Exception("GSS checksum with the delegation flag but no DlgOpt 1");
      }
      long credLength = littleEndian(value, 26, 2);
      if (MIN_LENGTH + 4 + credLength > value.length) {
        throw new Krb5Exception("GSS checksum delegation of " + credLength + " bytes exceeds the checksum");
      }
    }
    return new GssChecksum(flags);
  }

  private static long littleEndian(byte[] bytes, int offset, int count) {
    long value = 0;
    for (int i = count - 1; i >= 0; i--) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  public boolean mutual() {
    return (flags & MUTUAL_FLAG) != 0;
  }
}
