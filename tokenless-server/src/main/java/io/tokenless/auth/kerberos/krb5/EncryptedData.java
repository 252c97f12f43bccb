package io.tokenless.auth.kerberos.krb5;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code EncryptedData ::= SEQUENCE { etype [0] Int32, kvno [1] UInt32 OPTIONAL, cipher [2] OCTET STRING }}
 * (RFC 4120 5.2.9). The cipher bytes are not copied on access: this package treats them as
 * read-only.
 */
public record EncryptedData(int etype, OptionalInt kvno, byte[] cipher) {
  public EncryptedData {
    Objects.requireNonNull(kvno, "kvno");
    Objects.requireNonNull(cipher, "cipher");
  }

  /** Reads the SEQUENCE, which must be all that {@code field} holds. */
  static EncryptedData decode(DerReader field) throws Krb5Exception {
    DerReader sequence = field.read(DerReader.SEQUENCE);
    field.expectEnd("EncryptedData field");
    int etype = sequence.int32Field(0);
    OptionalInt kvno = OptionalInt.empty();
    if (sequence.peekTag() == 0xa1) {
      kvno = OptionalInt.of((int) sequence.uint32Field(1));
    }
    byte[] cipher = sequence.octetStringField(2);
    sequence.expectEnd("EncryptedData");
    return new EncryptedData(etype, kvno, cipher);
  }

  byte[] encode() {
    return DerWriter.tlv(DerReader.SEQUENCE,
        DerWriter.tlv(0xa0, DerWriter.integer(etype)),
        kvno.isPresent() ? DerWriter.tlv(0xa1, DerWriter.integer(kvno.getAsInt() & 0xffffffffL)) : new byte[0],
        DerWriter.tlv(0xa2, DerWriter.octetString(cipher)));
  }

  @Override
  public String toString() {
    return "EncryptedData[etype=" + etype + ", kvno=" + kvno + ", " + cipher.length + " bytes]";
  }
}
