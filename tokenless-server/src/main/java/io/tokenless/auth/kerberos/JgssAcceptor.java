package io.tokenless.auth.kerberos;

import java.nio.file.Files;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts Kerberos AP-REQs, SPNEGO-wrapped or raw (krb5 mechanism), with the JDK's JGSS and a
 * service keytab: offline, no call to the KDC.
 *
 * <p>Every token gets a fresh {@link GSSContext} that is disposed before {@link #accept}
 * returns: nothing of a login is tied to a connection, and a token that would need a second
 * round trip is rejected. The JDK checks the ticket's service key, times (with the
 * {@code clockskew} of {@code krb5.conf}, see {@link KerberosSettings}) and its in-memory
 * replay cache. Thread-safe.
 *
 * <p>The keytab is logged in once, unbound ({@code principal=*}), at construction. The JDK's
 * {@link KeyTab} re-reads the file when it changes, so rotating service keys needs no restart.
 * Which services a ticket may be for is checked here against {@link AcceptorConfig#principals()}.
 *
 * <p>The server puts {@code io.tokenless.auth.kerberos.krb5.FastPathAcceptor} in front of this
 * class; what that one does not handle itself (other encryption types, other negotiations)
 * comes here.
 */
public final class JgssAcceptor implements KerberosAcceptor {

  private static final Logger log = LoggerFactory.getLogger(JgssAcceptor.class);
  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KRB5 = oid("1.2.840.113554.1.2.2");

  private final AcceptorConfig config;
  private final GSSManager manager = GSSManager.getInstance();
  private final GSSCredential credential;
  private final List<String> allowed;

  private JgssAcceptor(AcceptorConfig config, GSSCredential credential, List<String> allowed) {
    this.config = config;
    this.credential = credential;
    this.allowed = allowed;
  }

  /**
   * Logs the keytab in and checks it holds a key for every named principal.
   *
   * @throws KerberosConfigException naming the keytab or principal when that fails
   */
  public static JgssAcceptor create(AcceptorConfig config) {
    if (!Files.isReadable(config.keytab())) {
      throw new KerberosConfigException("kerberos.keytab: file not found or not readable: " + config.keytab());
    }
    KeyTab keytab = KeyTab.getUnboundInstance(config.keytab().toFile());
    List<String> allowed = new ArrayList<>();
    for (String principal : config.principals()) {
      if (principal.equals(AcceptorConfig.ANY)) {
        continue;
      }
      KerberosPrincipal qualified;
      try {
        qualified = new KerberosPrincipal(principal, KerberosPrincipal.KRB_NT_PRINCIPAL);
      } catch (IllegalArgumentException e) {
        throw new KerberosConfigException("kerberos.principals: cannot qualify " + principal
            + " (no default_realm in krb5.conf?): " + e.getMessage(), e);
      }
      if (keytab.getKeys(qualified).length == 0) {
        throw new KerberosConfigException("kerberos.keytab: " + config.keytab() + " has no key for " + qualified.getName());
      }
      allowed.add(qualified.getName());
    }
    Subject subject = login(config);
    try {
      GSSCredential credential = Subject.doAs(subject, (PrivilegedExceptionAction<GSSCredential>) () ->
          GSSManager.getInstance().createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
              new Oid[] {KRB5, SPNEGO}, GSSCredential.ACCEPT_ONLY));
      log.info("Kerberos acceptor for {} with keytab {}", config.acceptsAny() ? "any principal in the keytab" : allowed,
          config.keytab());
      return new JgssAcceptor(config, credential, List.copyOf(allowed));
    } catch (PrivilegedActionException e) {
      throw new KerberosConfigException("kerberos.keytab: cannot use " + config.keytab() + " to accept: "
          + e.getCause().getMessage(), e.getCause());
    }
  }

  private static Subject login(AcceptorConfig config) {
    Map<String, String> options = new HashMap<>();
    options.put("useKeyTab", "true");
    options.put("keyTab", config.keytab().toAbsolutePath().toString());
    options.put("principal", "*");
    options.put("storeKey", "true");
    options.put("isInitiator", "false");
    options.put("doNotPrompt", "true");
    // Picks up the krb5.conf that KerberosSettings chose, even if the JDK read another before.
    options.put("refreshKrb5Config", "true");
    Configuration jaas = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
      }
    };
    Subject subject = new Subject();
    try {
      new LoginContext("tokenless-acceptor", subject, null, jaas).login();
      return subject;
    } catch (LoginException e) {
      throw new KerberosConfigException("kerberos.keytab: login with " + config.keytab() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public AcceptorConfig config() {
    return config;
  }

  /** The configured service principals qualified with their realm; empty when any principal is accepted. */
  public List<String> acceptedPrincipals() {
    return allowed;
  }

  /**
   * Accepts one initial context token in a single round trip. Never throws for bad input:
   * garbage, truncated, replayed, expired or foreign tokens are {@link AcceptResult.Rejected}.
   */
  @Override
  public AcceptResult accept(byte[] token) {
    if (token == null || token.length == 0) {
      return new AcceptResult.Rejected("empty token");
    }
    if (token.length > MAX_TOKEN_BYTES) {
      return new AcceptResult.Rejected("token of " + token.length + " bytes exceeds " + MAX_TOKEN_BYTES);
    }
    GSSContext context = null;
    try {
      context = manager.createContext(credential);
      byte[] reply = context.acceptSecContext(token, 0, token.length);
      if (!context.isEstablished()) {
        return new AcceptResult.Rejected("context needs another round trip (client did not send a Kerberos "
            + "optimistic token); only one-round-trip SPNEGO is supported");
      }
      GSSName source = context.getSrcName();
      GSSName target = context.getTargName();
      String service = target == null ? "" : target.toString();
      if (!config.acceptsAny() && !allowed.contains(service)) {
        return new AcceptResult.Rejected("ticket is for " + UntrustedText.name(service)
            + ", not one of the " + allowed.size() + " configured service principals");
      }
      KerberosPrincipalName client = KerberosPrincipalName.parse(source.toString());
      return new AcceptResult.Accepted(client, service, reply == null ? new byte[0] : reply);
    } catch (GSSException e) {
      return new AcceptResult.Rejected("GSS: " + describe(e));
    } catch (RuntimeException e) {
      // JGSS's decoders throw unchecked exceptions on some malformed DER; it is still bad input.
      return new AcceptResult.Rejected("malformed token: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      dispose(context);
    }
  }

  private static String describe(GSSException e) {
    String minor = e.getMinorString();
    String cause = e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")";
    return e.getMajorString() + (minor == null ? "" : ": " + minor) + cause;
  }

  private static void dispose(GSSContext context) {
    if (context == null) {
      return;
    }
    try {
      context.dispose();
    } catch (GSSException e) {
      log.debug("disposing a GSS context failed: {}", e.getMessage());
    }
  }

  private static Oid oid(String value) {
    try {
      return new Oid(value);
    } catch (GSSException e) {
      throw new IllegalStateException(e);
    }
  }
}
