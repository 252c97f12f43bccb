package io.tokenless.guard;

import io.tokenless.roles.model.EffectiveRoles;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.Optional;

/**
 * The caller a {@link TokenlessGuard} established: who proved what, and the roles Tokenless
 * says they hold on the scope the request named.
 *
 * @param mechanism {@code kerberos} or {@code x509}
 * @param principal what the mechanism proved (Kerberos principal, certificate subject DN)
 * @param roles     the user, the scope with names, and the effective roles there (never empty)
 */
public record GuardedCaller(String mechanism, String principal, EffectiveRoles roles) {
  static final AttachmentKey<GuardedCaller> KEY = AttachmentKey.create(GuardedCaller.class);

  /** The caller of a request that passed the guard; empty outside one. */
  public static Optional<GuardedCaller> of(HttpServerExchange exchange) {
    return Optional.ofNullable(exchange.getAttachment(KEY));
  }

  public boolean has(String role) {
    return roles.has(role);
  }
}
