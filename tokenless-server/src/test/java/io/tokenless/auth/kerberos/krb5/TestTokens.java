package io.tokenless.auth.kerberos.krb5;

import static io.tokenless.auth.kerberos.krb5.DerWriter.context;
import static io.tokenless.auth.kerberos.krb5.DerWriter.integer;
import static io.tokenless.auth.kerberos.krb5.DerWriter.octetString;
import static io.tokenless.auth.kerberos.krb5.DerWriter.oid;
import static io.tokenless.auth.kerberos.krb5.DerWriter.tlv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Hand-built GSS tokens: SPNEGO wrappings and syntactically complete AP-REQs with chosen fields. */
final class TestTokens {
  static final byte[] NTLM_OID = {0x2b, 0x06, 0x01, 0x04, 0x01, (byte) 0x82, 0x37, 0x02, 0x02, 0x0a};
  static final int SEQUENCE = 0x30;

  private TestTokens() {}

  static byte[] string(String value) {
    return tlv(0x1b, value.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] encryptedData(int etype) {
    return tlv(SEQUENCE, tlv(context(0), integer(etype)), tlv(context(1), integer(2)),
        tlv(context(2), octetString(new byte[40])));
  }

  /** A syntactically complete AP-REQ for {@code HTTP/h@EXAMPLE.COM} (its ciphertexts are zeros). */
  static byte[] apReq(int options) {
    return apReq(options, "EXAMPLE.COM", "HTTP", "h");
  }

  /** A syntactically complete AP-REQ whose ticket names {@code sname}@{@code realm} (ciphertexts are zeros). */
  static byte[] apReq(int options, String realm, String... sname) {
    byte[] components = new byte[0];
    for (String component : sname) {
      components = concat(components, string(component));
    }
    byte[] name = tlv(SEQUENCE, tlv(context(0), integer(2)), tlv(context(1), tlv(SEQUENCE, components)));
    byte[] ticket = tlv(0x61, tlv(SEQUENCE, tlv(context(0), integer(5)), tlv(context(1), string(realm)),
        tlv(context(2), name), tlv(context(3), encryptedData(18))));
    return tlv(0x6e, tlv(SEQUENCE, tlv(context(0), integer(5)), tlv(context(1), integer(14)),
        tlv(context(2), new byte[] {0x03, 0x05, 0x00, (byte) (options >>> 24), 0, 0, 0}),
        tlv(context(3), ticket), tlv(context(4), encryptedData(18))));
  }

  /** A raw GSS token of mechanism {@code mechOid} around TOK_ID {@code 01 00} and {@code apReq}. */
  static byte[] gssToken(byte[] mechOid, byte[] apReq) {
    return tlv(0x60, oid(mechOid), new byte[] {0x01, 0x00}, apReq);
  }

  static byte[] krb5Token(byte[] mechOid) {
    return gssToken(mechOid, apReq(0x20 << 24));
  }

  /** A SPNEGO NegTokenInit proposing {@code mechs} in order, with an optional mechToken and mechListMIC. */
  static byte[] spnego(byte[][] mechs, byte[] mechToken, byte[] mic) {
    byte[] types = new byte[0];
    for (byte[] mech : mechs) {
      types = concat(types, oid(mech));
    }
    byte[] fields = concat(tlv(context(0), tlv(SEQUENCE, types)),
        mechToken == null ? new byte[0] : tlv(context(2), octetString(mechToken)));
    if (mic != null) {
      fields = concat(fields, tlv(context(3), octetString(mic)));
    }
    return tlv(0x60, oid(GssFraming.SPNEGO_OID), tlv(context(0), tlv(SEQUENCE, fields)));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Where {@code needle} starts in {@code haystack}; fails unless it occurs exactly once. */
  static int indexOfOnly(byte[] haystack, byte[] needle) {
    int found = -1;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (found >= 0) {
        throw new AssertionError("bytes occur more than once in the token");
      }
      found = i;
    }
    if (found < 0) {
      throw new AssertionError("bytes not found in the token");
    }
    return found;
  }
}
