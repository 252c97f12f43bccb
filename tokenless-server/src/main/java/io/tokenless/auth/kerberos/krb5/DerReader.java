package io.tokenless.auth.kerberos.krb5;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Reads the subset of DER that Kerberos (RFC 4120) and SPNEGO (RFC 4178) use, over a window of a
 * byte array. Tags are one byte (every tag in those specifications is below 31); lengths are
 * definite, short or long form up to four bytes, and never larger than what is left of the
 * enclosing value, so an input of N bytes cannot make the reader allocate more than N bytes.
 *
 * <p>Every malformation is a {@link Krb5Exception}; no index exception escapes. Not thread-safe
 * (a reader is a cursor); readers are cheap and made per value.
 */
public final class DerReader {
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int OID = 0x06;
  public static final int ENUMERATED = 0x0a;
  public static final int GENERALIZED_TIME = 0x18;
  public static final int GENERAL_STRING = 0x1b;
  public static final int SEQUENCE = 0x30;

  private final byte[] buffer;
  private final int end;
  private int position;

  private DerReader(byte[] buffer, int offset, int end) {
    this.buffer = buffer;
    this.position = offset;
    this.end = end;
  }

  /** A reader over all of {@code bytes} (not copied: the caller must not change them meanwhile). */
  public static DerReader of(byte[] bytes) {
    return new DerReader(bytes, 0, bytes.length);
  }

  /** A reader over {@code length} bytes of {@code bytes} from {@code offset}. */
  public static DerReader of(byte[] bytes, int offset, int length) throws Krb5Exception {
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new Krb5Exception("DER window outside its buffer");
    }
    return new DerReader(bytes, offset, offset + length);
  }

  public boolean hasMore() {
    return position < end;
  }

  public int remaining() {
    return end - position;
  }

  /** The tag of the next value, or -1 at the end. */
  public int peekTag() {
    return position < end ? buffer[position] & 0xff : -1;
  }

  /** Whether the unread bytes begin with {@code prefix}, compared raw (not as DER values). */
  public boolean startsWith(byte[] prefix) {
    if (remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer[position + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads two raw big-endian bytes that are not a DER value (the GSS TOK_ID of RFC 4121 4.1). */
  public int readRawUint16() throws Krb5Exception {
    if (remaining() < 2) {
      throw new Krb5Exception("token ends inside its token id");
    }
    int value = ((buffer[position] & 0xff) << 8) | (buffer[position + 1] & 0xff);
    position += 2;
    return value;
  }

  /**
   * Reads a value with tag {@code tag} and returns a reader over its contents; this reader moves
   * past the value.
   */
  public DerReader read(int tag) throws Krb5Exception {
    int actual = peekTag();
    if (actual != tag) {
      throw new Krb5Exception(actual < 0
          ? "DER ends where tag 0x" + Integer.toHexString(tag) + " was expected"
          : "DER tag 0x" + Integer.toHexString(actual) + " where 0x" + Integer.toHexString(tag) + " was expected");
    }
    position++;
    int length = readLength();
    DerReader contents = new DerReader(buffer, position, position + length);
    position += length;
    return contents;
  }

  /** As {@link #read(int)} when the next value has that tag; null (absent OPTIONAL field) otherwise. */
  public DerReader readOptional(int tag) throws Krb5Exception {
    return peekTag() == tag ? read(tag) : null;
  }

  /** Skips one value of any tag, checking only that its length fits. */
  public void skip() throws Krb5Exception {
    if (!hasMore()) {
      throw new Krb5Exception("DER ends where a value was expected");
    }
    int tag = buffer[position] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new Krb5Exception("DER multi-byte tag");
    }
    position++;
    position += readLength();
  }

  /** Fails unless every byte of this reader's window was consumed. */
  public void expectEnd(String what) throws Krb5Exception {
    if (hasMore()) {
      throw new Krb5Exception(what + ": " + remaining() + " unexpected trailing bytes");
    }
  }

  private int readLength() throws Krb5Exception {
    if (position >= end) {
      throw new Krb5Exception("DER ends inside a length");
    }
    int first = buffer[position++] & 0xff;
    int length;
    if (first < 0x80) {
      length = first;
    } else {
      int count = first & 0x7f;
      if (count == 0) {
        throw new Krb5Exception("DER indefinite length");
      }
      if (count > 4) {
        throw new Krb5Exception("DER length of " + count + " bytes");
      }
      if (end - position < count) {
        throw new Krb5Exception("DER ends inside a length");
      }
      long value = 0;
      for (int i = 0; i < count; i++) {
        value = (value << 8) | (buffer[position++] & 0xff);
      }
      if (value > Integer.MAX_VALUE) {
        throw new Krb5Exception("DER length " + value + " too large");
      }
      length = (int) value;
    }
    if (length > end - position) {
      throw new Krb5Exception("DER length " + length + " exceeds the " + (end - position) + " bytes left");
    }
    return length;
  }

  // ---- explicitly tagged fields [n] of a SEQUENCE, each holding exactly one value ----

  /** The contents of field {@code [n]}; the caller reads one value from it and calls {@link #expectEnd}. */
  public DerReader field(int n) throws Krb5Exception {
    return read(0xa0 | n);
  }

  /** Field {@code [n]} if it is next (an OPTIONAL field present), else null. */
  public DerReader optionalField(int n) throws Krb5Exception {
    return readOptional(0xa0 | n);
  }

  public long integerField(int n) throws Krb5Exception {
    DerReader field = field(n);
    long value = field.readInteger();
    field.expectEnd("INTEGER field");
    return value;
  }

  public int int32Field(int n) throws Krb5Exception {
    DerReader field = field(n);
    int value = field.readInt32();
    field.expectEnd("Int32 field");
    return value;
  }

  public long uint32Field(int n) throws Krb5Exception {
    DerReader field = field(n);
    long value = field.readUInt32();
    field.expectEnd("UInt32 field");
    return value;
  }

  public String stringField(int n) throws Krb5Exception {
    DerReader field = field(n);
    String value = field.readKerberosString();
    field.expectEnd("KerberosString field");
    return value;
  }

  public long timeField(int n) throws Krb5Exception {
    DerReader field = field(n);
    long value = field.readKerberosTime();
    field.expectEnd("KerberosTime field");
    return value;
  }

  public byte[] octetStringField(int n) throws Krb5Exception {
    DerReader field = field(n);
    byte[] value = field.readOctetString();
    field.expectEnd("OCTET STRING field");
    return value;
  }

  public int flagsField(int n) throws Krb5Exception {
    DerReader field = field(n);
    int value = field.readFlags();
    field.expectEnd("BIT STRING field");
    return value;
  }

  // ---- contents of the value this reader spans ----

  /** All remaining bytes, copied. */
  public byte[] rest() {
    byte[] copy = new byte[end - position];
    System.arraycopy(buffer, position, copy, 0, copy.length);
    position = end;
    return copy;
  }

  /** An INTEGER value as a long; at most 8 content bytes, minimal encoding not required. */
  public long readInteger() throws Krb5Exception {
    DerReader value = read(INTEGER);
    int length = value.remaining();
    if (length == 0 || length > 8) {
      throw new Krb5Exception("DER INTEGER of " + length + " bytes");
    }
    long result = value.buffer[value.position]; // sign-extended
    for (int i = 1; i < length; i++) {
      result = (result << 8) | (value.buffer[value.position + i] & 0xff);
    }
    return result;
  }

  /** A Kerberos Int32. */
  public int readInt32() throws Krb5Exception {
    long value = readInteger();
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new Krb5Exception("Int32 out of range: " + value);
    }
    return (int) value;
  }

  /** A Kerberos UInt32 (some encoders write it as a negative Int32; both are read). */
  public long readUInt32() throws Krb5Exception {
    long value = readInteger();
    if (value < Integer.MIN_VALUE || value > 0xffffffffL) {
      throw new Krb5Exception("UInt32 out of range: " + value);
    }
    return value & 0xffffffffL;
  }

  public byte[] readOctetString() throws Krb5Exception {
    return read(OCTET_STRING).rest();
  }

  /**
   * A BIT STRING of Kerberos flags as an int, bit 0 of the ASN.1 value in the int's most
   * significant bit, as RFC 4120 5.2.8 numbers them; bits past 31 are ignored.
   */
  public int readFlags() throws Krb5Exception {
    DerReader value = read(BIT_STRING);
    if (!value.hasMore()) {
      throw new Krb5Exception("DER BIT STRING without its unused-bits byte");
    }
    int unused = value.buffer[value.position] & 0xff;
    if (unused > 7 || (unused != 0 && value.remaining() == 1)) {
      throw new Krb5Exception("DER BIT STRING with " + unused + " unused bits");
    }
    int flags = 0;
    int bytes = Math.min(4, value.remaining() - 1);
    for (int i = 0; i < bytes; i++) {
      flags |= (value.buffer[value.position + 1 + i] & 0xff) << (24 - 8 * i);
    }
    return flags;
  }

  /** A KerberosString (GeneralString holding UTF-8, as the JDK and Windows read it); strict decoding. */
  public String readKerberosString() throws Krb5Exception {
    DerReader value = read(GENERAL_STRING);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value.buffer, value.position, value.remaining()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Krb5Exception("KerberosString is not UTF-8");
    }
  }

  /** A KerberosTime, GeneralizedTime {@code YYYYMMDDHHMMSSZ} (RFC 4120 5.2.3), as epoch seconds. */
  public long readKerberosTime() throws Krb5Exception {
    DerReader value = read(GENERALIZED_TIME);
    if (value.remaining() != 15 || value.buffer[value.position + 14] != 'Z') {
      throw new Krb5Exception("KerberosTime is not YYYYMMDDHHMMSSZ");
    }
    int p = value.position;
    int year = value.digits(p, 4);
    int month = value.digits(p + 4, 2);
    int day = value.digits(p + 6, 2);
    int hour = value.digits(p + 8, 2);
    int minute = value.digits(p + 10, 2);
    int second = value.digits(p + 12, 2);
    if (hour > 23 || minute > 59 || second > 59) {
      throw new Krb5Exception("KerberosTime out of range");
    }
    try {
      return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
    } catch (DateTimeException e) {
      throw new Krb5Exception("KerberosTime is not a date");
    }
  }

  private int digits(int offset, int count) throws Krb5Exception {
    int result = 0;
    for (int i = 0; i < count; i++) {
      int digit = buffer[offset + i] - '0';
      if (digit < 0 || digit > 9) {
        throw new Krb5Exception("KerberosTime has a non-digit");
      }
      result = result * 10 + digit;
    }
    return result;
  }

  /** An OBJECT IDENTIFIER as its DER content bytes (compared as bytes; never parsed to arcs). */
  public byte[] readOidContents() throws Krb5Exception {
    DerReader value = read(OID);
    if (!value.hasMore()) {
      throw new Krb5Exception("DER OID is empty");
    }
    return value.rest();
  }

  /** An ENUMERATED value. */
  public int readEnumerated() throws Krb5Exception {
    DerReader value = read(ENUMERATED);
    if (value.remaining() != 1) {
      throw new Krb5Exception("DER ENUMERATED of " + value.remaining() + " bytes");
    }
    return value.buffer[value.position];
  }
}
