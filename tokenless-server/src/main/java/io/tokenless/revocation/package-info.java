/**
 * Keystone's token revocation model: {@link io.tokenless.revocation.RevocationEvent}s (by audit
 * id, audit chain, user, project, domain, trust, consumer, role, expiry; each with an
 * issued-before time) and the {@link io.tokenless.revocation.RevocationIndex} that decides
 * whether a validated token is revoked. Storage of events (PostgreSQL) and their distribution
 * between nodes live in adapters; this package is plain Java.
 */
package io.tokenless.revocation;
