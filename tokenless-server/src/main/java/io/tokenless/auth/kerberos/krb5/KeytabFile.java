package io.tokenless.auth.kerberos.krb5;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MIT's keytab file format, version {@code 0x0502} (what MIT {@code ktutil}/{@code kadmin},
 * Heimdal, Active Directory's {@code ktpass} and Kerby write): a version, then entries each
 * prefixed by a signed 32-bit size (negative: a hole left by a deleted entry). Big-endian.
 *
 * <pre>
 * entry := uint16 count, data realm, data component[count], uint32 name_type, uint32 timestamp,
 *          uint8 vno8, uint16 keytype, data key, [uint32 vno when at least 4 bytes remain]
 * data  := uint16 length, bytes
 * </pre>
 */
public final class KeytabFile {
  private static final int VERSION = 0x0502;

  private KeytabFile() {}

  /**
   * One key of a principal.
   *
   * @param principal {@code name/instance@REALM}, spelled as {@link PrincipalName#toString(String)} does
   * @param kvno      the key version: the 32-bit field when present and non-zero, else the 8-bit one
   */
  public record Entry(String principal, int kvno, EncryptionKey key) {}

  /** All entries of a keytab's bytes, in file order. */
  public static List<Entry> parse(byte[] file) throws Krb5Exception {
    ByteBuffer buffer = ByteBuffer.wrap(file);
    try {
      int version = buffer.getShort() & 0xffff;
      if (version != VERSION) {
        throw new Krb5Exception("keytab version 0x" + Integer.toHexString(version) + " is not 0x0502");
      }
      List<Entry> entries = new ArrayList<>();
      while (buffer.remaining() >= 4) {
        int size = buffer.getInt();
        if (size < 0) {
          skip(buffer, -(long) size);
          continue;
        }
        if (size == 0) {
          break; // MIT treats a zero size as the end of the keytab
        }
        if (size > buffer.remaining()) {
          throw new Krb5Exception("keytab entry of " + size + " bytes exceeds the file");
        }
        ByteBuffer entry = buffer.slice(buffer.position(), size);
        buffer.position(buffer.position() + size);
        entries.add(entry(entry));
      }
      return entries;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new Krb5Exception("keytab is truncated");
    }
  }

  private static Entry entry(ByteBuffer entry) throws Krb5Exception {
    int count = entry.getShort() & 0xffff;
    String realm = data(entry);
    List<String> components = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      components.add(data(entry));
    }
    int nameType = entry.getInt();
    entry.getInt(); // timestamp
    int kvno = entry.get() & 0xff;
    int keyType = entry.getShort() & 0xffff;
    int keyLength = entry.getShort() & 0xffff;
    byte[] key = new byte[keyLength];
    entry.get(key);
    if (entry.remaining() >= 4) {
      int wide = entry.getInt();
      if (wide != 0) {
        kvno = wide;
      }
    }
    if (components.isEmpty()) {
      throw new Krb5Exception("keytab entry without name components");
    }
    return new Entry(new PrincipalName(nameType, components).toString(realm), kvno, new EncryptionKey(keyType, key));
  }

  private static String data(ByteBuffer buffer) {
    int length = buffer.getShort() & 0xffff;
    byte[] bytes = new byte[length];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skip(ByteBuffer buffer, long count) throws Krb5Exception {
    if (count > buffer.remaining()) {
      throw new Krb5Exception("keytab hole exceeds the file");
    }
    buffer.position(buffer.position() + (int) count);
  }
}
