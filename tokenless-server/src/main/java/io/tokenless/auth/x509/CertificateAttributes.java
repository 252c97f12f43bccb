package io.tokenless.auth.x509;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The identity-mapping attributes of a client certificate, named as Apache mod_ssl names its
 * environment variables (and as Keystone's tokenless authorization reads them).
 *
 * <ul>
 *   <li>{@code SSL_CLIENT_S_DN}, {@code SSL_CLIENT_I_DN}: the subject and issuer DN in RFC 2253
 *       form, most specific component first ({@code CN=alice,OU=Default,O=Tokenless}) — the form
 *       mod_ssl 2.4 uses unless {@code SSLOptions +LegacyDNStringFormat}. {@code emailAddress}
 *       is written by name, other unknown types as {@code OID=#hex}.</li>
 *   <li>{@code SSL_CLIENT_S_DN_<X>} and {@code SSL_CLIENT_I_DN_<X>} for X in C, ST, L, O, OU, CN,
 *       T, S, G, I, D, UID, Email (mod_ssl's set) and DC: the first value in the order the
 *       certificate encodes them; further values as {@code _<X>_1}, {@code _<X>_2}, ...</li>
 *   <li>{@code SSL_CLIENT_SAN_Email}, {@code _DNS}, {@code _URI}: the first subject alternative
 *       name of the type; every one of them also as {@code _Email_0}, {@code _Email_1}, ... as
 *       mod_ssl numbers them. A Microsoft UPN ({@code otherName}) is
 *       {@code SSL_CLIENT_SAN_OTHER_msUPN_0} as mod_ssl names it, the first one also
 *       {@code SSL_CLIENT_SAN_UPN}.</li>
 *   <li>{@code SSL_CLIENT_M_SERIAL}: the serial number in upper-case hex, two digits per byte,
 *       as mod_ssl prints it; {@code SSL_CLIENT_M_VERSION}; {@code SSL_CLIENT_V_START} and
 *       {@code SSL_CLIENT_V_END} as OpenSSL prints times ({@code Nov 23 22:14:04 2026 GMT}).</li>
 *   <li>{@code SSL_CLIENT_CERT_SHA256}: the SHA-256 fingerprint of the DER certificate, upper-case
 *       hex without separators (what {@code openssl x509 -fingerprint -sha256} prints, minus the
 *       colons), for pinning one certificate.</li>
 * </ul>
 */
public final class CertificateAttributes {
  private static final Map<String, String> DN_KEYWORDS = Map.of("1.2.840.113549.1.9.1", "emailAddress");
  private static final Map<ASN1ObjectIdentifier, String> COMPONENTS = components();
  private static final DateTimeFormatter OPENSSL_TIME =
      DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final ASN1ObjectIdentifier UPN = new ASN1ObjectIdentifier("1.3.6.1.4.1.311.20.2.3");

  private CertificateAttributes() {}

  /** The attributes of {@code certificate}; never {@code null}, immutable, insertion-ordered. */
  public static Map<String, String> of(X509Certificate certificate) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("SSL_CLIENT_S_DN", dn(certificate.getSubjectX500Principal()));
    components("SSL_CLIENT_S_DN_", certificate.getSubjectX500Principal(), attributes);
    attributes.put("SSL_CLIENT_I_DN", dn(certificate.getIssuerX500Principal()));
    components("SSL_CLIENT_I_DN_", certificate.getIssuerX500Principal(), attributes);
    subjectAltNames(certificate, attributes);
    attributes.put("SSL_CLIENT_M_SERIAL", serial(certificate.getSerialNumber()));
    attributes.put("SSL_CLIENT_M_VERSION", Integer.toString(certificate.getVersion()));
    attributes.put("SSL_CLIENT_V_START", OPENSSL_TIME.format(certificate.getNotBefore().toInstant()));
    attributes.put("SSL_CLIENT_V_END", OPENSSL_TIME.format(certificate.getNotAfter().toInstant()));
    attributes.put("SSL_CLIENT_CERT_SHA256", sha256(certificate));
    return java.util.Collections.unmodifiableMap(attributes);
  }

  /** A DN in the form {@code SSL_CLIENT_S_DN} uses. */
  public static String dn(X500Principal principal) {
    return principal.getName(X500Principal.RFC2253, DN_KEYWORDS);
  }

  /** Upper-case hex, two digits per byte of the magnitude, as mod_ssl's {@code SSL_CLIENT_M_SERIAL}. */
  public static String serial(BigInteger serial) {
    String hex = serial.toString(16).toUpperCase(Locale.ROOT);
    return hex.length() % 2 == 0 ? hex : "0" + hex;
  }

  /** Upper-case hex SHA-256 of the DER encoding. */
  public static String sha256(X509Certificate certificate) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }

  private static void components(String prefix, X500Principal principal, Map<String, String> attributes) {
    X500Name parsed;
    try {
      parsed = X500Name.getInstance(principal.getEncoded());
    } catch (IllegalArgumentException e) {
      // The JDK accepted a DN whose DER Bouncy Castle refuses (found by fuzzing): like a malformed
      // SAN extension, it yields no component attributes, so rules that need them do not match.
      return;
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (RDN rdn : parsed.getRDNs()) {
      for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
        String name = COMPONENTS.get(value.getType());
        if (name == null) {
          continue;
        }
        int index = seen.merge(name, 1, Integer::sum) - 1;
        String text = value.getValue() instanceof ASN1String string
            ? string.getString() : HEX.formatHex(encoded(value));
        attributes.put(prefix + name + (index == 0 ? "" : "_" + index), text);
      }
    }
  }

  private static byte[] encoded(AttributeTypeAndValue value) {
    try {
      return value.getValue().toASN1Primitive().getEncoded();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot re-encode a DN value", e);
    }
  }

  private static void subjectAltNames(X509Certificate certificate, Map<String, String> attributes) {
    Collection<List<?>> names;
    try {
      names = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      // A malformed SAN extension yields no SAN attributes; the certificate itself was validated.
      return;
    }
    if (names == null) {
      return;
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (List<?> name : names) {
      int tag = (Integer) name.get(0);
      String type = switch (tag) {
        case 0 -> "OTHER_msUPN";
        case 1 -> "Email";
        case 2 -> "DNS";
        case 6 -> "URI";
        default -> null;
      };
      String value = tag == 0 ? userPrincipalName(name.get(1)) : name.get(1) instanceof String text ? text : null;
      if (type == null || value == null) {
        continue;
      }
      int index = seen.merge(type, 1, Integer::sum) - 1;
      if (index == 0) {
        // mod_ssl has only the numbered form for UPNs; the short first-value name is ours.
        attributes.put("SSL_CLIENT_SAN_" + (tag == 0 ? "UPN" : type), value);
      }
      attributes.put("SSL_CLIENT_SAN_" + type + "_" + index, value);
    }
  }

  /** The UPN in an {@code otherName} (the JDK hands it over as DER), or null for other kinds. */
  private static String userPrincipalName(Object der) {
    if (!(der instanceof byte[] bytes)) {
      return null;
    }
    try {
      // The JDK gives the whole GeneralName: [0] IMPLICIT OtherName ::= SEQUENCE { type-id, [0] EXPLICIT value }.
      ASN1Primitive parsed = ASN1Primitive.fromByteArray(bytes);
      ASN1Sequence otherName = parsed instanceof ASN1TaggedObject tagged
          ? ASN1Sequence.getInstance(tagged, false) : ASN1Sequence.getInstance(parsed);
      if (!UPN.equals(otherName.getObjectAt(0)) || otherName.size() < 2) {
        return null;
      }
      // The value is [0] EXPLICIT; the JDK's re-encoding wraps it once more, so unwrap every tag.
      ASN1Primitive value = otherName.getObjectAt(1).toASN1Primitive();
      while (value instanceof ASN1TaggedObject tagged) {
        value = tagged.getExplicitBaseObject().toASN1Primitive();
      }
      return value instanceof ASN1String string ? string.getString() : null;
    } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
      // Malformed or unexpected otherName: not a UPN we can name.
      return null;
    }
  }

  private static Map<ASN1ObjectIdentifier, String> components() {
    Map<ASN1ObjectIdentifier, String> map = new LinkedHashMap<>();
    map.put(new ASN1ObjectIdentifier("2.5.4.6"), "C");
    map.put(new ASN1ObjectIdentifier("2.5.4.8"), "ST");
    map.put(new ASN1ObjectIdentifier("2.5.4.7"), "L");
    map.put(new ASN1ObjectIdentifier("2.5.4.10"), "O");
    map.put(new ASN1ObjectIdentifier("2.5.4.11"), "OU");
    map.put(new ASN1ObjectIdentifier("2.5.4.3"), "CN");
    map.put(new ASN1ObjectIdentifier("2.5.4.12"), "T");
    map.put(new ASN1ObjectIdentifier("2.5.4.4"), "S");
    map.put(new ASN1ObjectIdentifier("2.5.4.42"), "G");
    map.put(new ASN1ObjectIdentifier("2.5.4.43"), "I");
    map.put(new ASN1ObjectIdentifier("2.5.4.13"), "D");
    map.put(new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.1"), "UID");
    map.put(new ASN1ObjectIdentifier("1.2.840.113549.1.9.1"), "Email");
    map.put(new ASN1ObjectIdentifier("0.9.2342.19200300.100.1.25"), "DC");
    return Map.copyOf(map);
  }
}
