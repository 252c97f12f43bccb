package io.tokenless.fernet;

import io.tokenless.fernet.InvalidTokenException.Reason;
import io.tokenless.fernet.TokenPayload.ApplicationCredentialScoped;
import io.tokenless.fernet.TokenPayload.DomainScoped;
import io.tokenless.fernet.TokenPayload.FederatedDomainScoped;
import io.tokenless.fernet.TokenPayload.FederatedProjectScoped;
import io.tokenless.fernet.TokenPayload.FederatedUnscoped;
import io.tokenless.fernet.TokenPayload.OauthScoped;
import io.tokenless.fernet.TokenPayload.ProjectScoped;
import io.tokenless.fernet.TokenPayload.SystemScoped;
import io.tokenless.fernet.TokenPayload.TrustScoped;
import io.tokenless.fernet.TokenPayload.Unscoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;

/**
 * Packs and unpacks token payloads exactly as Keystone's {@code token_formatters.py} with
 * msgpack-python 1.0 defaults: one array {@code [version, ...]}; ids as {@code [true, 16 bytes]}
 * (bin) when python's {@code uuid.UUID} accepts them and {@code [false, "id"]} (str) otherwise;
 * a version 1 domain and a trust id bare; {@code expires_at} always a float 64; audit ids as
 * 16-byte bins; the smallest integer encoding. So the bytes we produce for a payload equal the
 * bytes Keystone produces for it.
 *
 * <p>Reading accepts byte fields written as bin or as str (msgpack before 1.0 wrote bytes as str)
 * and an integer {@code expires_at}, as Keystone does; it is stricter in refusing extra array
 * elements and trailing bytes. Every reading failure is an {@link InvalidTokenException}.
 */
public final class PayloadCodec {

  private final AuthMethods methods;
  private final String defaultDomainId;

  /**
   * @param methods the {@code [auth] methods} bitmask shared with every node using these keys
   * @param defaultDomainId {@code [identity] default_domain_id}: the one non-UUID domain id a
   *     domain-scoped token can carry
   */
  public PayloadCodec(AuthMethods methods, String defaultDomainId) {
    this.methods = Objects.requireNonNull(methods, "methods");
    this.defaultDomainId = Objects.requireNonNull(defaultDomainId, "defaultDomainId");
  }

  /** Keystone's defaults: the default method list and default domain {@code "default"}. */
  public static PayloadCodec keystoneDefaults() {
    return new PayloadCodec(AuthMethods.keystoneDefaults(), "default");
  }

  public AuthMethods methods() {
    return methods;
  }

  /**
   * The msgpack bytes of a payload.
   *
   * @throws IllegalArgumentException for what Keystone cannot encode either: a domain id that is
   *     neither a UUID nor the default domain's (version 1), a trust id that is not a UUID
   */
  public byte[] pack(TokenPayload payload) {
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      Writer w = new Writer(packer);
      if (payload instanceof Unscoped p) {
        w.header(p, 5).idPair(p.userId()).methods(p).expiry(p).auditIds(p);
      } else if (payload instanceof DomainScoped p) {
        w.header(p, 6).idPair(p.userId()).methods(p).bareDomain(p.domainId()).expiry(p)
            .auditIds(p);
      } else if (payload instanceof ProjectScoped p) {
        w.header(p, 6).idPair(p.userId()).methods(p).idPair(p.projectId()).expiry(p).auditIds(p);
      } else if (payload instanceof TrustScoped p) {
        w.header(p, 7).idPair(p.userId()).methods(p).idPair(p.projectId()).expiry(p).auditIds(p)
            .bareUuid(p.trustId(), "trust id");
      } else if (payload instanceof FederatedUnscoped p) {
        w.header(p, 8).idPair(p.userId()).methods(p).groups(p.groupIds())
            .idPair(p.identityProviderId()).string(p.protocolId()).expiry(p).auditIds(p);
      } else if (payload instanceof FederatedProjectScoped p) {
        w.header(p, 9).idPair(p.userId()).methods(p).idPair(p.projectId()).groups(p.groupIds())
            .idPair(p.identityProviderId()).string(p.protocolId()).expiry(p).auditIds(p);
      } else if (payload instanceof FederatedDomainScoped p) {
        w.header(p, 9).idPair(p.userId()).methods(p).idPair(p.domainId()).groups(p.groupIds())
            .idPair(p.identityProviderId()).string(p.protocolId()).expiry(p).auditIds(p);
      } else if (payload instanceof OauthScoped p) {
        w.header(p, 7).idPair(p.userId()).methods(p).idPair(p.projectId())
            .idPair(p.accessTokenId()).expiry(p).auditIds(p);
      } else if (payload instanceof SystemScoped p) {
        w.header(p, 6).idPair(p.userId()).methods(p).string(p.system()).expiry(p).auditIds(p);
      } else if (payload instanceof ApplicationCredentialScoped p) {
        w.header(p, 7).idPair(p.userId()).methods(p).idPair(p.projectId()).expiry(p).auditIds(p)
            .idPair(p.applicationCredentialId());
      } else {
        throw new IllegalArgumentException("unknown payload type " + payload.getClass());
      }
      return packer.toByteArray();
    } catch (IOException e) {
      // An in-memory packer does no I/O.
      throw new IllegalStateException("msgpack packing failed", e);
    }
  }

  /**
   * Reads a payload.
   *
   * @throws InvalidTokenException with reason {@code UNKNOWN_PAYLOAD_VERSION} for a version
   *     Keystone does not define, {@code BAD_PAYLOAD} for anything else that is not a payload
   */
  public TokenPayload unpack(byte[] bytes) throws InvalidTokenException {
    checkDeclaredSizes(bytes);
    Value root;
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      root = unpacker.unpackValue();
      if (unpacker.hasNext()) {
        throw bad("trailing bytes after the payload array");
      }
    } catch (IOException | MessagePackException e) {
      throw bad("not msgpack: " + e.getClass().getSimpleName());
    }
    if (!root.isArrayValue() || root.asArrayValue().size() == 0) {
      throw bad("payload is not a non-empty array");
    }
    ArrayValue array = root.asArrayValue();
    Value first = array.get(0);
    if (!first.isIntegerValue() || !first.asIntegerValue().isInIntRange()) {
      throw bad("payload version is not an integer");
    }
    int version = first.asIntegerValue().asInt();
    Reader r = new Reader(array);
    try {
      return switch (version) {
        case 0 -> {
          r.size(5);
          yield new Unscoped(r.idPair(1), r.methods(2), r.expiry(3), r.auditIds(4));
        }
        case 1 -> {
          r.size(6);
          yield new DomainScoped(r.idPair(1), r.methods(2), r.bareDomain(3), r.expiry(4),
              r.auditIds(5));
        }
        case 2 -> {
          r.size(6);
          yield new ProjectScoped(r.idPair(1), r.methods(2), r.idPair(3), r.expiry(4),
              r.auditIds(5));
        }
        case 3 -> {
          r.size(7);
          yield new TrustScoped(r.idPair(1), r.methods(2), r.idPair(3), r.expiry(4),
              r.auditIds(5), r.bareUuid(6));
        }
        case 4 -> {
          r.size(8);
          yield new FederatedUnscoped(r.idPair(1), r.methods(2), r.groups(3), r.idPair(4),
              r.string(5), r.expiry(6), r.auditIds(7));
        }
        case 5 -> {
          r.size(9);
          yield new FederatedProjectScoped(r.idPair(1), r.methods(2), r.idPair(3), r.groups(4),
              r.idPair(5), r.string(6), r.expiry(7), r.auditIds(8));
        }
        case 6 -> {
          r.size(9);
          yield new FederatedDomainScoped(r.idPair(1), r.methods(2), r.idPair(3), r.groups(4),
              r.idPair(5), r.string(6), r.expiry(7), r.auditIds(8));
        }
        case 7 -> {
          r.size(7);
          yield new OauthScoped(r.idPair(1), r.methods(2), r.idPair(3), r.idPair(4),
              r.expiry(5), r.auditIds(6));
        }
        case 8 -> {
          r.size(6);
          yield new SystemScoped(r.idPair(1), r.methods(2), r.string(3), r.expiry(4),
              r.auditIds(5));
        }
        case 9 -> {
          r.size(7);
          yield new ApplicationCredentialScoped(r.idPair(1), r.methods(2), r.idPair(3),
              r.expiry(4), r.auditIds(5), r.idPair(6));
        }
        default -> throw new InvalidTokenException(Reason.UNKNOWN_PAYLOAD_VERSION,
            "payload version " + version);
      };
    } catch (IllegalArgumentException | NullPointerException e) {
      // A record refused a decoded field (an empty id, three audit ids, ...).
      throw bad("payload field rejected: " + e.getMessage());
    }
  }

  /**
   * Walks the msgpack structure without building it and refuses any array, map, string, binary or
   * extension header that declares more than the input could hold. msgpack-core's
   * {@code unpackValue} allocates what a header declares before reading it: a map of 2^30 entries
   * overflowed into a {@code NegativeArraySizeException}, and an array of 2^31 - 1 elements
   * would be an {@code OutOfMemoryError}.
   */
  private static void checkDeclaredSizes(byte[] bytes) throws InvalidTokenException {
    try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(bytes)) {
      long pending = 1;
      while (pending > 0 && unpacker.hasNext()) {
        pending--;
        long declared;
        switch (unpacker.getNextFormat().getValueType()) {
          case ARRAY -> {
            declared = unpacker.unpackArrayHeader();
            pending += declared;
          }
          case MAP -> {
            declared = 2L * unpacker.unpackMapHeader();
            pending += declared;
          }
          case STRING -> {
            declared = unpacker.unpackRawStringHeader();
            skip(unpacker, declared, bytes.length);
          }
          case BINARY -> {
            declared = unpacker.unpackBinaryHeader();
            skip(unpacker, declared, bytes.length);
          }
          case EXTENSION -> {
            declared = unpacker.unpackExtensionTypeHeader().getLength();
            skip(unpacker, declared, bytes.length);
          }
          default -> {
            declared = 0;
            unpacker.skipValue();
          }
        }
        // Every element takes at least one byte, every payload byte one byte.
        if (declared < 0 || declared > bytes.length || pending > bytes.length) {
          throw bad("msgpack header declares " + declared + " elements or bytes in a payload of " + bytes.length);
        }
      }
    } catch (IOException | MessagePackException e) {
      throw bad("not msgpack: " + e.getClass().getSimpleName());
    }
  }

  private static void skip(MessageUnpacker unpacker, long length, int total) throws IOException, InvalidTokenException {
    if (length < 0 || length > total) {
      throw bad("msgpack header declares " + length + " bytes in a payload of " + total);
    }
    unpacker.readPayloadAsReference((int) length);
  }

  private static InvalidTokenException bad(String detail) {
    return new InvalidTokenException(Reason.BAD_PAYLOAD, detail);
  }

  /** Writes fields in Keystone's msgpack types. */
  private final class Writer {
    private final MessageBufferPacker packer;

    Writer(MessageBufferPacker packer) {
      this.packer = packer;
    }

    Writer header(TokenPayload payload, int elements) throws IOException {
      packer.packArrayHeader(elements);
      packer.packInt(payload.version());
      return this;
    }

    Writer idPair(String id) throws IOException {
      packer.packArrayHeader(2);
      Optional<byte[]> uuid = KeystoneIds.uuidBytes(id);
      if (uuid.isPresent()) {
        packer.packBoolean(true);
        bin(uuid.get());
      } else {
        packer.packBoolean(false);
        packer.packString(id);
      }
      return this;
    }

    Writer bareDomain(String domainId) throws IOException {
      Optional<byte[]> uuid = KeystoneIds.uuidBytes(domainId);
      if (uuid.isPresent()) {
        bin(uuid.get());
      } else if (domainId.equals(defaultDomainId)) {
        packer.packString(domainId);
      } else {
        throw new IllegalArgumentException("a domain-scoped token can carry a UUID domain id or "
            + "the default domain id '" + defaultDomainId + "', not '" + domainId + "'");
      }
      return this;
    }

    Writer bareUuid(String id, String what) throws IOException {
      bin(KeystoneIds.uuidBytes(id).orElseThrow(
          () -> new IllegalArgumentException(what + " must be a UUID: " + id)));
      return this;
    }

    Writer methods(TokenPayload payload) throws IOException {
      packer.packLong(methods.toBitmask(payload.methods()));
      return this;
    }

    Writer expiry(TokenPayload payload) throws IOException {
      packer.packDouble(KeystoneTime.toFloat(payload.expiresAt()));
      return this;
    }

    Writer auditIds(TokenPayload payload) throws IOException {
      packer.packArrayHeader(payload.auditIds().size());
      for (String auditId : payload.auditIds()) {
        bin(AuditIds.decode(auditId));
      }
      return this;
    }

    Writer groups(List<String> groupIds) throws IOException {
      packer.packArrayHeader(groupIds.size());
      for (String groupId : groupIds) {
        idPair(groupId);
      }
      return this;
    }

    Writer string(String value) throws IOException {
      packer.packString(value);
      return this;
    }

    private void bin(byte[] bytes) throws IOException {
      packer.packBinaryHeader(bytes.length);
      packer.writePayload(bytes);
    }
  }

  /** Reads fields of one payload array, failing with a bad-payload reason. */
  private final class Reader {
    private final ArrayValue array;

    Reader(ArrayValue array) {
      this.array = array;
    }

    void size(int expected) throws InvalidTokenException {
      if (array.size() != expected) {
        throw bad("payload version " + array.get(0) + " has " + array.size()
            + " elements, expected " + expected);
      }
    }

    String idPair(int index) throws InvalidTokenException {
      return idPair(array.get(index), index);
    }

    private String idPair(Value value, int index) throws InvalidTokenException {
      if (!value.isArrayValue() || value.asArrayValue().size() != 2
          || !value.asArrayValue().get(0).isBooleanValue()) {
        throw bad("element " + index + " is not an [is_uuid, id] pair");
      }
      boolean isUuid = value.asArrayValue().get(0).asBooleanValue().getBoolean();
      Value id = value.asArrayValue().get(1);
      return isUuid ? uuidHex(id, index) : text(id, index);
    }

    String bareDomain(int index) throws InvalidTokenException {
      byte[] raw = raw(array.get(index), index);
      if (raw.length == 16 && array.get(index).isBinaryValue()) {
        return KeystoneIds.hex(raw);
      }
      String domainId = text(array.get(index), index);
      if (!domainId.equals(defaultDomainId)) {
        throw bad("domain of a domain-scoped token is neither a UUID nor the default domain");
      }
      return domainId;
    }

    String bareUuid(int index) throws InvalidTokenException {
      return uuidHex(array.get(index), index);
    }

    List<String> methods(int index) throws InvalidTokenException {
      Value value = array.get(index);
      if (!value.isIntegerValue() || !value.asIntegerValue().isInLongRange()) {
        throw bad("element " + index + " (methods) is not an integer");
      }
      return methods.fromBitmask(value.asIntegerValue().asLong());
    }

    Instant expiry(int index) throws InvalidTokenException {
      Value value = array.get(index);
      double seconds;
      if (value.isFloatValue()) {
        seconds = value.asFloatValue().toDouble();
      } else if (value.isIntegerValue() && value.asIntegerValue().isInLongRange()) {
        seconds = value.asIntegerValue().asLong();
      } else {
        throw bad("element " + index + " (expires_at) is not a number");
      }
      try {
        return KeystoneTime.fromFloat(seconds);
      } catch (IllegalArgumentException e) {
        throw bad("element " + index + " (expires_at) is out of range");
      }
    }

    List<String> auditIds(int index) throws InvalidTokenException {
      Value value = array.get(index);
      if (!value.isArrayValue()) {
        throw bad("element " + index + " (audit_ids) is not an array");
      }
      List<String> auditIds = new ArrayList<>();
      for (Value auditId : value.asArrayValue()) {
        auditIds.add(AuditIds.encode(raw(auditId, index)));
      }
      return auditIds;
    }

    List<String> groups(int index) throws InvalidTokenException {
      Value value = array.get(index);
      if (!value.isArrayValue()) {
        throw bad("element " + index + " (group ids) is not an array");
      }
      List<String> groupIds = new ArrayList<>();
      for (Value group : value.asArrayValue()) {
        groupIds.add(idPair(group, index));
      }
      return groupIds;
    }

    String string(int index) throws InvalidTokenException {
      return text(array.get(index), index);
    }

    private String uuidHex(Value value, int index) throws InvalidTokenException {
      byte[] raw = raw(value, index);
      if (raw.length != 16) {
        throw bad("element " + index + " should be 16 UUID bytes, has " + raw.length);
      }
      return KeystoneIds.hex(raw);
    }

    private String text(Value value, int index) throws InvalidTokenException {
      byte[] raw = raw(value, index);
      try {
        return StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(raw)).toString();
      } catch (CharacterCodingException e) {
        throw bad("element " + index + " is not UTF-8 text");
      }
    }

    private byte[] raw(Value value, int index) throws InvalidTokenException {
      if (!value.isRawValue()) {
        throw bad("element " + index + " is not bin or str");
      }
      return value.asRawValue().asByteArray();
    }
  }
}
