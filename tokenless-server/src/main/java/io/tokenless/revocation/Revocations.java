package io.tokenless.revocation;

/**
 * Records revocation events, as Keystone does when tokens must stop working: the event is
 * stored for the whole cluster and applies on this node before the call returns (and on the
 * others within about a second). Events take effect for tokens issued up to and including the
 * current second.
 *
 * @see RevocationEvent for the matching rules
 */
public interface Revocations {

  /** Revokes one token by its audit id ({@code DELETE /v3/auth/tokens}). */
  RevocationEvent revokeAuditId(String auditId);

  /** Revokes a token and every token re-scoped from it. */
  RevocationEvent revokeAuditChain(String auditChainId);

  /** Revokes every token of the user: password changed, user disabled or deleted. */
  RevocationEvent revokeUser(String userId);

  /** Revokes the user's tokens on one project: a role assignment removed there. */
  RevocationEvent revokeUserOnProject(String userId, String projectId);

  /** Revokes every token scoped to the project: project disabled or deleted. */
  RevocationEvent revokeProject(String projectId);

  /** Whether an event revokes this token. */
  boolean isRevoked(TokenValues token);
}
