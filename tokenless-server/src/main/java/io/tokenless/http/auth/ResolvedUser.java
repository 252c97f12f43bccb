package io.tokenless.http.auth;

import io.tokenless.auth.AuthenticatedPrincipal;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.User;

/**
 * An authenticated principal and the enabled user it stands for.
 *
 * @param principal what the mechanism proved
 * @param user      the user, enabled
 * @param domain    the user's domain, enabled
 */
public record ResolvedUser(AuthenticatedPrincipal principal, User user, Domain domain) {}
