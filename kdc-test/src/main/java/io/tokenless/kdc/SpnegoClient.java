package io.tokenless.kdc;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * The client side of HTTP Negotiate on the JDK's own JGSS: logs a principal in once (keytab or
 * password) and makes a fresh token for each request, so every request carries a new
 * authenticator and no server-side state is needed. Used by tests and by the load generator.
 *
 * <p>Reads the JVM's {@code krb5.conf} ({@code java.security.krb5.conf}). Thread-safe: each
 * call builds its own {@link GSSContext}.
 */
public final class SpnegoClient {
  /** The GSS mechanism a token is made for. */
  public enum Mechanism {
    /** SPNEGO (1.3.6.1.5.5.2) with Kerberos as the optimistic mechanism: what browsers and curl send. */
    SPNEGO("1.3.6.1.5.5.2"),
    /** Raw Kerberos V5 (1.2.840.113554.1.2.2), as some GSSAPI clients send it. */
    KRB5("1.2.840.113554.1.2.2");

    private final Oid oid;

    Mechanism(String oid) {
      try {
        this.oid = new Oid(oid);
      } catch (GSSException e) {
        throw new IllegalStateException(e);
      }
    }

    public Oid oid() {
      return oid;
    }
  }

  private static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

  private final Subject subject;
  private final String principal;

  private SpnegoClient(Subject subject, String principal) {
    this.subject = subject;
    this.principal = principal;
  }

  /** Logs {@code principal} in with the keys of {@code keytab} (gets a TGT from the KDC). */
  public static SpnegoClient fromKeytab(String principal, Path keytab) {
    Map<String, String> options = new HashMap<>();
    options.put("useKeyTab", "true");
    options.put("keyTab", keytab.toAbsolutePath().toString());
    options.put("storeKey", "false");
    return login(principal, options, null);
  }

  /**
   * Uses the TGT of {@code principal} in an MIT credential cache ({@code kinit -c FILE:...});
   * no password or key is needed and the KDC is only asked for service tickets.
   */
  public static SpnegoClient fromTicketCache(String principal, Path ccache) {
    Map<String, String> options = new HashMap<>();
    options.put("useTicketCache", "true");
    options.put("ticketCache", ccache.toAbsolutePath().toString());
    options.put("renewTGT", "false");
    return login(principal, options, null);
  }

  /** Logs {@code principal} in with its password (gets a TGT from the KDC). */
  public static SpnegoClient fromPassword(String principal, char[] password) {
    char[] copy = password.clone();
    return login(principal, new HashMap<>(), callbacks -> {
      for (Callback callback : callbacks) {
        if (callback instanceof NameCallback name) {
          name.setName(principal);
        } else if (callback instanceof PasswordCallback pass) {
          pass.setPassword(copy);
        } else {
          throw new UnsupportedCallbackException(callback);
        }
      }
    });
  }

  private static SpnegoClient login(String principal, Map<String, String> options,
      javax.security.auth.callback.CallbackHandler handler) {
    Objects.requireNonNull(principal, "principal");
    options.put("principal", principal);
    options.put("isInitiator", "true");
    options.put("doNotPrompt", handler == null ? "true" : "false");
    // The JDK caches krb5.conf; a test KDC may have been started after something read it.
    options.put("refreshKrb5Config", "true");
    Configuration config = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(
            "com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
      }
    };
    Subject subject = new Subject();
    try {
      LoginContext context = new LoginContext("tokenless-client", subject, handler, config);
      context.login();
    } catch (LoginException e) {
      throw new KdcException("Kerberos login failed for " + principal + ": " + e.getMessage(), e);
    }
    return new SpnegoClient(subject, principal);
  }

  public String principal() {
    return principal;
  }

  /** The logged-in subject (its TGT and service tickets). */
  public Subject subject() {
    return subject;
  }

  /** {@code Negotiate <base64 SPNEGO token>} for {@code servicePrincipal}, e.g. {@code HTTP/localhost}. */
  public String negotiateHeader(String servicePrincipal) {
    return negotiateHeader(servicePrincipal, Mechanism.SPNEGO);
  }

  /** {@code Negotiate <base64 token>} for {@code servicePrincipal} with the given mechanism. */
  public String negotiateHeader(String servicePrincipal, Mechanism mechanism) {
    Exchange exchange = begin(servicePrincipal, mechanism);
    exchange.dispose();
    return exchange.header();
  }

  /**
   * Starts a context for {@code servicePrincipal} requesting mutual authentication; the
   * returned exchange carries the first token and checks the server's reply.
   */
  public Exchange begin(String servicePrincipal, Mechanism mechanism) {
    try {
      return Subject.doAs(subject, (PrivilegedExceptionAction<Exchange>) () -> {
        GSSManager manager = GSSManager.getInstance();
        GSSName server = manager.createName(servicePrincipal, KRB5_PRINCIPAL_NAME);
        GSSContext context = manager.createContext(server, mechanism.oid(), null, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);
        context.requestCredDeleg(false);
        byte[] token = context.initSecContext(new byte[0], 0, 0);
        return new Exchange(context, token);
      });
    } catch (PrivilegedActionException e) {
      throw new KdcException("cannot make a token for " + servicePrincipal + " as " + principal
          + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** One client context: its first token, and the check of the server's mutual-auth reply. */
  public static final class Exchange {
    private final GSSContext context;
    private final byte[] token;

    private Exchange(GSSContext context, byte[] token) {
      this.context = context;
      this.token = token;
    }

    public byte[] token() {
      return token.clone();
    }

    public String header() {
      return "Negotiate " + Base64.getEncoder().encodeToString(token);
    }

    /**
     * Feeds the server's {@code WWW-Authenticate: Negotiate <token>} reply to the context;
     * true when it proves the server holds the service key (mutual authentication). Disposes
     * the context either way.
     */
    public boolean verifyReply(String wwwAuthenticate) {
      try {
        if (wwwAuthenticate == null || !wwwAuthenticate.toLowerCase(Locale.ROOT).startsWith("negotiate ")) {
          return false;
        }
        byte[] reply = Base64.getDecoder().decode(wwwAuthenticate.substring("negotiate ".length()).trim());
        context.initSecContext(reply, 0, reply.length);
        return context.isEstablished() && context.getMutualAuthState();
      } catch (GSSException | IllegalArgumentException e) {
        return false;
      } finally {
        dispose();
      }
    }

    /** Releases the context without checking a reply. */
    public void dispose() {
      try {
        context.dispose();
      } catch (GSSException e) {
        // Nothing is held that outlives the context; a failed dispose changes nothing for the caller.
        return;
      }
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
