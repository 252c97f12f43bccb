/**
 * Keystone's Fernet tokens, byte for byte: the key repository ({@link
 * io.tokenless.fernet.KeyRepository}, kept current by {@link
 * io.tokenless.fernet.KeyRepositoryWatcher}), the Fernet layer ({@link
 * io.tokenless.fernet.FernetCodec}), the msgpack payloads ({@link
 * io.tokenless.fernet.TokenPayload}, {@link io.tokenless.fernet.PayloadCodec}) and the provider
 * the {@code /v3} API calls ({@link io.tokenless.fernet.TokenProvider}).
 *
 * <p>Domain code: plain Java, {@code javax.crypto} and msgpack-core only; no HTTP, JSON or SQL.
 * Every token failure reaches callers as one {@link io.tokenless.fernet.InvalidTokenException}
 * whose message is the same whatever went wrong. Nothing here logs a token or key material.
 */
package io.tokenless.fernet;
