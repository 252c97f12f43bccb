package io.tokenless.kdc;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.common.EncryptionUtil;
import org.apache.kerby.kerberos.kerb.keytab.Keytab;
import org.apache.kerby.kerberos.kerb.keytab.KeytabEntry;
import org.apache.kerby.kerberos.kerb.request.KrbIdentity;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;

/**
 * One Kerby KDC for one realm on 127.0.0.1 over TCP, plus the few operations the test and dev
 * KDCs share: principals with a password or a random key, AES-only keytabs, and a
 * {@code krb5.conf} that both the JDK and MIT Kerberos read.
 *
 * <p>Kerby's {@code SimpleKdcServer.init()} sets the JVM-global {@code java.security.krb5.conf}
 * to a file of its own that MIT tools do not understand. This class puts the previous value
 * back right after {@code init()}: which {@code krb5.conf} the JVM uses is its owner's choice
 * ({@link TestKdc} for tests, the server's Kerberos settings in production and dev).
 */
final class EmbeddedKdc {
  /** AES with SHA-1 only: Kerby's default also has des3, which MIT 1.20 and JDK 17 refuse. */
  static final String ENCTYPES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";

  private static final List<EncryptionType> ENCRYPTION_TYPES =
      List.of(EncryptionType.AES256_CTS_HMAC_SHA1_96, EncryptionType.AES128_CTS_HMAC_SHA1_96);
  private static final String KRB5_CONF_PROPERTY = "java.security.krb5.conf";

  private final SimpleKdcServer server;
  private final String realm;
  private final int port;

  private EmbeddedKdc(SimpleKdcServer server, String realm, int port) {
    this.server = server;
    this.realm = realm;
    this.port = port;
  }

  /**
   * Initialises (not yet starts) a KDC for {@code realm} listening on TCP {@code port} of
   * 127.0.0.1; port 0 picks a free one. Kerby's own scratch files go to {@code kerbyDir}.
   */
  static EmbeddedKdc init(String realm, int port, Path kerbyDir) {
    Objects.requireNonNull(realm, "realm");
    int chosen = port == 0 ? freePort() : port;
    String previousConf = System.getProperty(KRB5_CONF_PROPERTY);
    try {
      Files.createDirectories(kerbyDir);
      SimpleKdcServer server = new SimpleKdcServer();
      server.setWorkDir(kerbyDir.toFile());
      server.setKdcRealm(realm);
      server.setKdcHost("127.0.0.1");
      server.setAllowUdp(false);
      server.setKdcTcpPort(chosen);
      server.getKdcConfig().setString(KdcConfigKey.ENCRYPTION_TYPES, ENCTYPES);
      server.init();
      return new EmbeddedKdc(server, realm, chosen);
    } catch (KrbException e) {
      throw new KdcException("cannot initialise the KDC for realm " + realm + " on port " + chosen, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      restoreProperty(previousConf);
    }
  }

  private static void restoreProperty(String previous) {
    if (previous == null) {
      System.clearProperty(KRB5_CONF_PROPERTY);
    } else {
      System.setProperty(KRB5_CONF_PROPERTY, previous);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
    }
  }

  void start() {
    try {
      server.start();
    } catch (KrbException e) {
      throw new KdcException("cannot start the KDC on 127.0.0.1:" + port, e);
    }
  }

  void stop() {
    try {
      server.stop();
    } catch (KrbException e) {
      throw new KdcException("cannot stop the KDC on 127.0.0.1:" + port, e);
    }
  }

  String realm() {
    return realm;
  }

  int port() {
    return port;
  }

  /** {@code name} with this realm appended when it has none. */
  String qualify(String name) {
    return name.contains("@") ? name : name + "@" + realm;
  }

  boolean exists(String principal) {
    return identity(principal) != null;
  }

  void addWithPassword(String principal, String password) {
    try {
      server.createPrincipal(qualify(principal), password);
    } catch (KrbException e) {
      throw new KdcException("cannot create principal " + qualify(principal), e);
    }
  }

  void addWithRandomKey(String principal) {
    try {
      server.createPrincipal(qualify(principal));
    } catch (KrbException e) {
      throw new KdcException("cannot create principal " + qualify(principal), e);
    }
  }

  /** Gives {@code principal} new random keys with the next key version number. */
  void rotateKeys(String principal) {
    KrbIdentity identity = requireIdentity(principal);
    try {
      int kvno = identity.getKeyVersion() + 1;
      identity.getKeys().clear();
      identity.addKeys(EncryptionUtil.generateKeys(ENCRYPTION_TYPES, kvno));
      identity.setKeyVersion(kvno);
      server.getIdentityService().updateIdentity(identity);
    } catch (KrbException e) {
      throw new KdcException("cannot rotate the keys of " + qualify(principal), e);
    }
  }

  /** All principals of the realm, the KDC's own ({@code krbtgt/...}, {@code kadmin/...}) included. */
  List<String> principals() {
    try {
      List<String> names = new ArrayList<>();
      server.getIdentityService().getIdentities().forEach(names::add);
      return names;
    } catch (KrbException e) {
      throw new KdcException("cannot list principals", e);
    }
  }

  /** Replaces (or creates) {@code entries.principal} with exactly the given keys and kvno. */
  void restore(PrincipalName principal, List<KeytabEntry> entries) {
    try {
      String name = principal.getName();
      KrbIdentity identity = new KrbIdentity(name);
      identity.setCreatedTime(KerberosTime.now());
      identity.setExpireTime(new KerberosTime(253402300799000L));
      for (KeytabEntry entry : entries) {
        identity.addKey(entry.getKey());
        identity.setKeyVersion(entry.getKvno());
      }
      if (server.getIdentityService().getIdentity(name) != null) {
        server.getIdentityService().deleteIdentity(name);
      }
      server.getIdentityService().addIdentity(identity);
    } catch (KrbException e) {
      throw new KdcException("cannot restore principal " + principal.getName(), e);
    }
  }

  /**
   * Writes a keytab holding the current keys of {@code principals}, replacing {@code file}
   * atomically (Kerby's own export appends to an existing file, which would keep stale keys).
   */
  Path exportKeytab(Path file, List<String> principals) {
    Keytab keytab = new Keytab();
    KerberosTime now = KerberosTime.now();
    for (String principal : principals) {
      KrbIdentity identity = requireIdentity(principal);
      for (EncryptionKey key : identity.getKeys().values()) {
        if (ENCRYPTION_TYPES.contains(key.getKeyType())) {
          keytab.addEntry(new KeytabEntry(identity.getPrincipal(), now, identity.getKeyVersion(), key));
        }
      }
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".keytab", ".tmp");
      File tmpFile = tmp.toFile();
      Files.delete(tmp);
      keytab.store(tmpFile);
      // A keytab is a password: owner only, as MIT's kadmin writes them.
      Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write keytab " + file, e);
    }
  }

  /**
   * Writes a {@code krb5.conf} for this realm that the JDK and MIT Kerberos both read: no DNS,
   * names taken as typed (so {@code HTTP/localhost} is what a client asks for), TCP only,
   * AES only.
   */
  Path writeKrb5Conf(Path file) {
    String text = """
        # Written by Tokenless's embedded KDC for realm %1$s; read by the JDK and MIT Kerberos.
        [libdefaults]
            default_realm = %1$s
            dns_lookup_kdc = false
            dns_lookup_realm = false
            rdns = false
            dns_canonicalize_hostname = false
            udp_preference_limit = 1
            default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
            default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
            permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
            forwardable = true

        [realms]
            %1$s = {
                kdc = localhost:%2$d
            }

        [domain_realm]
            localhost = %1$s
            127.0.0.1 = %1$s
        """.formatted(realm, port);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private KrbIdentity identity(String principal) {
    try {
      return server.getIdentityService().getIdentity(qualify(principal));
    } catch (KrbException e) {
      throw new KdcException("cannot read principal " + qualify(principal), e);
    }
  }

  private KrbIdentity requireIdentity(String principal) {
    KrbIdentity identity = identity(principal);
    if (identity == null) {
      throw new KdcException("no such principal: " + qualify(principal), null);
    }
    return identity;
  }
}
