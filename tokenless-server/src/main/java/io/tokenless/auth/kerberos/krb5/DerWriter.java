package io.tokenless.auth.kerberos.krb5;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes the few DER values the acceptor sends (AP-REP, EncAPRepPart, SPNEGO NegTokenResp):
 * each method returns one complete TLV, so messages are built inside out. Lengths are minimal
 * (short form below 128, else long form), as DER requires.
 */
public final class DerWriter {
  private DerWriter() {}

  /** One TLV whose contents are the concatenation of {@code parts}. */
  public static byte[] tlv(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    int header = 1 + lengthOfLength(length);
    byte[] out = new byte[header + length];
    out[0] = (byte) tag;
    writeLength(out, 1, length);
    int position = header;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, position, part.length);
      position += part.length;
    }
    return out;
  }

  public static byte[] integer(long value) {
    // Minimal two's complement: drop leading bytes that only repeat the sign.
    int length = 8;
    while (length > 1) {
      long top = value >> ((length - 1) * 8 - 1);
      if (top != 0 && top != -1) {
        break;
      }
      length--;
    }
    byte[] contents = new byte[length];
    for (int i = 0; i < length; i++) {
      contents[i] = (byte) (value >> (8 * (length - 1 - i)));
    }
    return tlv(DerReader.INTEGER, contents);
  }

  public static byte[] enumerated(int value) {
    return tlv(DerReader.ENUMERATED, new byte[] {(byte) value});
  }

  public static byte[] octetString(byte[] value) {
    return tlv(DerReader.OCTET_STRING, value);
  }

  /** An OBJECT IDENTIFIER from its DER content bytes. */
  public static byte[] oid(byte[] contents) {
    return tlv(DerReader.OID, contents);
  }

  /** A KerberosTime ({@code YYYYMMDDHHMMSSZ}) of {@code epochSeconds}. */
  public static byte[] kerberosTime(long epochSeconds) {
    LocalDateTime time = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    byte[] text = new byte[15];
    digits(text, 0, time.getYear(), 4);
    digits(text, 4, time.getMonthValue(), 2);
    digits(text, 6, time.getDayOfMonth(), 2);
    digits(text, 8, time.getHour(), 2);
    digits(text, 10, time.getMinute(), 2);
    digits(text, 12, time.getSecond(), 2);
    text[14] = 'Z';
    return tlv(DerReader.GENERALIZED_TIME, text);
  }

  private static void digits(byte[] out, int offset, int value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      out[offset + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  /** A context-specific constructed tag {@code [n]}. */
  public static int context(int n) {
    return 0xa0 | n;
  }

  /** An application constructed tag {@code [APPLICATION n]} (n below 31). */
  public static int application(int n) {
    return 0x60 | n;
  }

  static int lengthOfLength(int length) {
    if (length < 0x80) {
      return 1;
    }
    if (length < 0x100) {
      return 2;
    }
    if (length < 0x10000) {
      return 3;
    }
    return length < 0x1000000 ? 4 : 5;
  }

  private static void writeLength(byte[] out, int offset, int length) {
    int count = lengthOfLength(length) - 1;
    if (count == 0) {
      out[offset] = (byte) length;
      return;
    }
    out[offset] = (byte) (0x80 | count);
    for (int i = 0; i < count; i++) {
      out[offset + 1 + i] = (byte) (length >> (8 * (count - 1 - i)));
    }
  }
}
