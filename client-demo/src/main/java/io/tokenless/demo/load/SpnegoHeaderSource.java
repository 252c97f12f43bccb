package io.tokenless.demo.load;

import java.io.IOException;
import java.security.PrivilegedAction;
import java.util.Base64;
import javax.security.auth.Subject;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.GSSName;
import org.ietf.jgss.Oid;

/**
 * A fresh {@code Authorization: Negotiate} header per call: a new SPNEGO initiator context and
 * its first token (an AP-REQ with a new authenticator), so a server with a replay cache accepts
 * every one. The service ticket is fetched from the KDC once and then found in the Subject.
 *
 * <p>Mutual authentication is requested, as curl and browsers do, so the server does the same
 * work as for them; its reply token is not checked (the context is gone by then), which keeps
 * the client's share of the CPU down.
 */
final class SpnegoHeaderSource implements HeaderSource {
  private static final Oid SPNEGO = oid("1.3.6.1.5.5.2");
  private static final Oid KRB5_PRINCIPAL_NAME = oid("1.2.840.113554.1.2.2.1");

  private final Subject subject;
  private final GSSManager manager = GSSManager.getInstance();
  private final GSSName service;

  /**
   * @param subject          logged-in client
   * @param servicePrincipal {@code HTTP/host@REALM} (a Kerberos name) or {@code HTTP@host} (host-based)
   */
  SpnegoHeaderSource(Subject subject, String servicePrincipal) {
    this.subject = subject;
    try {
      this.service = servicePrincipal.contains("/")
          ? manager.createName(servicePrincipal, KRB5_PRINCIPAL_NAME)
          : manager.createName(servicePrincipal, GSSName.NT_HOSTBASED_SERVICE);
    } catch (GSSException e) {
      throw new IllegalArgumentException("--service-principal: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean perRequest() {
    return true;
  }

  @Override
  public String next() throws IOException {
    try {
      GSSContext context = manager.createContext(service, SPNEGO, null, GSSContext.DEFAULT_LIFETIME);
      try {
        context.requestMutualAuth(true);
        byte[] token = context.initSecContext(new byte[0], 0, 0);
        return "Authorization: Negotiate " + Base64.getEncoder().encodeToString(token);
      } finally {
        context.dispose();
      }
    } catch (GSSException e) {
      throw new MintFailedException(e);
    }
  }

  @Override
  public void runInContext(Runnable loop) {
    Subject.doAs(subject, (PrivilegedAction<Void>) () -> {
      loop.run();
      return null;
    });
  }

  /** Checks the set-up once before the run: a wrong realm or service name fails here, not N times. */
  void check() {
    runInContext(() -> {
      try {
        next();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot get a service ticket for " + service + ": "
            + e.getCause().getMessage(), e);
      }
    });
  }

  private static Oid oid(String dotted) {
    try {
      return new Oid(dotted);
    } catch (GSSException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Minting a token failed (no ticket, KDC unreachable); the request is not sent. */
  static final class MintFailedException extends IOException {
    MintFailedException(GSSException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
