package io.tokenless.auth.kerberos;

import io.tokenless.auth.AuthOutcome;
import io.tokenless.auth.AuthenticatedPrincipal;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Negotiate (RFC 4559) on top of a {@link KerberosAcceptor}: {@code Authorization} header
 * values in, {@link AuthOutcome} out. Requests without a {@code Negotiate} credential are
 * {@link AuthOutcome.NotAttempted}; bad ones {@link AuthOutcome.Failed} with one opaque client
 * message and a specific log reason (which never contains the token).
 */
public final class NegotiateAuthenticator {
  /** The {@code WWW-Authenticate} challenge and the scheme name. */
  public static final String SCHEME = "Negotiate";
  /** Longer header values are refused before decoding: base64 of {@link KerberosAcceptor#MAX_TOKEN_BYTES}. */
  public static final int MAX_ENCODED_LENGTH = 64 * 1024;
  public static final String MECHANISM = "kerberos";

  private static final Logger log = LoggerFactory.getLogger(NegotiateAuthenticator.class);
  private static final String CLIENT_MESSAGE = "Kerberos authentication failed";
  /** "NTLMSSP" in base64: Windows falls back to NTLM inside Negotiate; we only speak Kerberos. */
  private static final String NTLM_PREFIX = "TlRMTVNT";

  private final KerberosAcceptor acceptor;

  public NegotiateAuthenticator(KerberosAcceptor acceptor) {
    this.acceptor = Objects.requireNonNull(acceptor, "acceptor");
  }

  /**
   * Authenticates the request's {@code Authorization} header values (all of them, in order);
   * the first {@code Negotiate} one counts.
   */
  public AuthOutcome authenticate(List<String> authorizationHeaders) {
    Optional<String> credential = negotiateCredential(authorizationHeaders);
    if (credential.isEmpty()) {
      return new AuthOutcome.NotAttempted();
    }
    String encoded = credential.get();
    if (encoded.isEmpty()) {
      return failed("Negotiate header without a token");
    }
    if (encoded.length() > MAX_ENCODED_LENGTH) {
      return failed("Negotiate token of " + encoded.length() + " characters exceeds " + MAX_ENCODED_LENGTH);
    }
    if (encoded.startsWith(NTLM_PREFIX)) {
      return failed("NTLM token in Negotiate; only Kerberos is accepted");
    }
    byte[] token;
    try {
      token = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      return failed("Negotiate token is not base64: " + e.getMessage());
    }
    AcceptResult result = acceptor.accept(token);
    if (result instanceof AcceptResult.Accepted accepted) {
      AuthenticatedPrincipal principal = new AuthenticatedPrincipal(MECHANISM, accepted.client().full(),
          accepted.client().attributes());
      byte[] reply = accepted.replyToken();
      log.debug("Kerberos: {} authenticated for {}", principal.name(), accepted.service());
      return new AuthOutcome.Authenticated(principal,
          reply.length == 0 ? Optional.empty() : Optional.of(SCHEME + " " + Base64.getEncoder().encodeToString(reply)));
    }
    return failed(((AcceptResult.Rejected) result).logReason());
  }

  private static AuthOutcome failed(String reason) {
    log.debug("Kerberos: rejected: {}", reason);
    return new AuthOutcome.Failed(CLIENT_MESSAGE, reason);
  }

  /**
   * The text after {@code Negotiate} of the first header using that scheme (case-insensitive,
   * RFC 9110); other schemes are not ours.
   */
  static Optional<String> negotiateCredential(List<String> headers) {
    for (String header : headers) {
      if (header == null) {
        continue;
      }
      String value = header.strip();
      int space = firstWhitespace(value);
      String scheme = space < 0 ? value : value.substring(0, space);
      if (scheme.toLowerCase(Locale.ROOT).equals("negotiate")) {
        return Optional.of(space < 0 ? "" : value.substring(space).strip());
      }
    }
    return Optional.empty();
  }

  private static int firstWhitespace(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t') {
        return i;
      }
    }
    return -1;
  }
}
