package io.tokenless.kdc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.common.EncryptionUtil;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOption;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.base.EncryptedData;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.NameType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncoding;
import org.apache.kerby.kerberos.kerb.type.base.TransitedEncodingType;
import org.apache.kerby.kerberos.kerb.type.ticket.EncTicketPart;
import org.apache.kerby.kerberos.kerb.type.ticket.Ticket;
import org.apache.kerby.kerberos.kerb.type.ticket.TicketFlags;

/**
 * Makes the GSS Kerberos token (an AP-REQ) that a client would send with a ticket the KDC of the
 * service's realm issued, using the service's own key from its keytab. For tests of cases a
 * single embedded KDC cannot produce on demand: tickets that expired an hour ago, and clients
 * of another realm (what a cross-realm trust gives the service: a ticket from its own KDC naming
 * {@code bob@OTHER.ORG}).
 *
 * <p>The token is a raw krb5-mechanism initial context token (RFC 4121 4.1) with mutual
 * authentication requested and no channel bindings.
 */
public final class TicketForge {
  private static final byte[] KRB5_OID_DER = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
  private static final int GSS_CHECKSUM_TYPE = 0x8003;
  private static final int GSS_C_MUTUAL_FLAG = 2;
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private TicketForge() {}

  /**
   * A token for {@code servicePrincipal} (full name, key from {@code serviceKeytab}) proving
   * {@code clientPrincipal} (full name, any realm), with a ticket valid from {@code start} to
   * {@code end}. The authenticator is stamped now.
   */
  public static byte[] krb5Token(Path serviceKeytab, String servicePrincipal, String clientPrincipal,
      Instant start, Instant end) {
    return krb5Token(serviceKeytab, servicePrincipal, clientPrincipal, start, end, Instant.now());
  }

  /**
   * As {@link #krb5Token(Path, String, String, Instant, Instant)} with the authenticator stamped
   * {@code clientClock}: what a client whose clock is off sends.
   */
  public static byte[] krb5Token(Path serviceKeytab, String servicePrincipal, String clientPrincipal,
      Instant start, Instant end, Instant clientClock) {
    return krb5Token(serviceKeytab, servicePrincipal, clientPrincipal, start, end, clientClock,
        EncryptionType.AES256_CTS_HMAC_SHA1_96.getValue(), EncryptionType.AES256_CTS_HMAC_SHA1_96.getValue());
  }

  /**
   * As {@link #krb5Token(Path, String, String, Instant, Instant, Instant)} with the ticket sealed
   * in the service key of encryption type {@code ticketEtype} (the keytab must hold one) and a
   * session key of type {@code sessionEtype} (RFC 3961 numbers, e.g. 17, 18, 23).
   */
  public static byte[] krb5Token(Path serviceKeytab, String servicePrincipal, String clientPrincipal,
      Instant start, Instant end, Instant clientClock, int ticketEtype, int sessionEtype) {
    try {
      PrincipalName service = new PrincipalName(servicePrincipal, NameType.NT_SRV_INST);
      PrincipalName client = new PrincipalName(clientPrincipal, NameType.NT_PRINCIPAL);
      EncryptionKey serviceKey = serviceKey(serviceKeytab, servicePrincipal, EncryptionType.fromValue(ticketEtype));
      EncryptionKey sessionKey = EncryptionUtil.generateKeys(List.of(EncryptionType.fromValue(sessionEtype))).get(0);

      EncTicketPart part = new EncTicketPart();
      part.setFlags(new TicketFlags(0));
      part.setKey(sessionKey);
      part.setCrealm(client.getRealm());
      part.setCname(client);
      TransitedEncoding transited = new TransitedEncoding();
      transited.setTrType(TransitedEncodingType.DOMAIN_X500_COMPRESS);
      transited.setContents(new byte[0]);
      part.setTransited(transited);
      part.setAuthTime(new KerberosTime(start.toEpochMilli()));
      part.setStartTime(new KerberosTime(start.toEpochMilli()));
      part.setEndTime(new KerberosTime(end.toEpochMilli()));

      Ticket ticket = new Ticket();
      ticket.setTktKvno(Ticket.TKT_KVNO);
      ticket.setRealm(service.getRealm());
      ticket.setSname(service);
      EncryptedData sealedPart = EncryptionUtil.seal(part, serviceKey, KeyUsage.KDC_REP_TICKET);
      sealedPart.setKvno(serviceKey.getKvno());
      ticket.setEncryptedEncPart(sealedPart);

      byte[] authenticator = authenticator(client, clientClock);
      EncryptedData sealedAuthenticator = new EncryptedData();
      sealedAuthenticator.setEType(sessionKey.getKeyType());
      sealedAuthenticator.setCipher(EncryptionUtil.encrypt(sessionKey, authenticator, KeyUsage.AP_REQ_AUTH));

      ApReq apReq = new ApReq();
      ApOptions options = new ApOptions();
      options.setFlag(ApOption.MUTUAL_REQUIRED);
      apReq.setApOptions(options);
      apReq.setTicket(ticket);
      apReq.setEncryptedAuthenticator(sealedAuthenticator);

      ByteArrayOutputStream inner = new ByteArrayOutputStream();
      inner.write(KRB5_OID_DER);
      inner.write(new byte[] {0x01, 0x00});
      inner.write(apReq.encode());
      return tlv(0x60, inner.toByteArray());
    } catch (KrbException e) {
      throw new KdcException("cannot forge a ticket for " + servicePrincipal, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EncryptionKey serviceKey(Path keytab, String principal, EncryptionType type) throws IOException {
    // Looked up by name: Kerby's own lookup also compares name types, which keytabs do not keep reliably.
    Keytab loaded = Keytab.loadKeytab(keytab.toFile());
    for (PrincipalName name : loaded.getPrincipals()) {
      if (name.getName().equals(principal)) {
        for (KeytabEntry entry : loaded.getKeytabEntries(name)) {
          if (entry.getKey().getKeyType() == type) {
            EncryptionKey key = entry.getKey();
            key.setKvno(entry.getKvno());
            return key;
          }
        }
      }
    }
    throw new KdcException("no " + type.getName() + " key for " + principal + " in " + keytab, null);
  }

  /**
   * The authenticator, encoded by hand: GSS needs checksum type 0x8003 (RFC 4121 4.1.1), which
   * Kerby's checksum type enumeration cannot express.
   */
  private static byte[] authenticator(PrincipalName client, Instant now) throws IOException {
    ByteBuffer checksum = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    checksum.putInt(16);
    checksum.put(new byte[16]);
    checksum.putInt(GSS_C_MUTUAL_FLAG);
    Instant seconds = now.truncatedTo(ChronoUnit.SECONDS);
    int micros = (int) ChronoUnit.MICROS.between(seconds, now);

    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    fields.write(tlv(0xa0, integer(5)));
    fields.write(tlv(0xa1, tlv(0x1b, client.getRealm().getBytes(StandardCharsets.US_ASCII))));
    fields.write(tlv(0xa2, client.encode()));
    fields.write(tlv(0xa3, tlv(0x30, concat(tlv(0xa0, integer(GSS_CHECKSUM_TYPE)), tlv(0xa1, tlv(0x04, checksum.array()))))));
    fields.write(tlv(0xa4, integer(micros)));
    fields.write(tlv(0xa5, tlv(0x18, GENERALIZED_TIME.format(seconds).getBytes(StandardCharsets.US_ASCII))));
    return tlv(0x62, tlv(0x30, fields.toByteArray()));
  }

  private static byte[] integer(int value) {
    byte[] big = java.math.BigInteger.valueOf(value).toByteArray();
    return tlv(0x02, big);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write((length >> 8) & 0xff);
      out.write(length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
