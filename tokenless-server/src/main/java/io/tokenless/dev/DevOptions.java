package io.tokenless.dev;

import io.tokenless.pki.KeyType;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code tokenless dev} was asked for.
 *
 * @param dataDir absolute data directory
 * @param port    HTTP port
 * @param tlsPort HTTPS port
 * @param kdcPort KDC port, 0 for the previous run's or a free one
 * @param withDemo route /compute/, /image/ and /network/ to the demo services
 * @param fernetKeys an existing key repository (e.g. Keystone's) to copy in place of a new one
 * @param importKeystone a Keystone export to load instead of the demo data
 * @param keyType  the key type of the dev PKI (CA, server and demo client certificates); empty
 *                 keeps an existing PKI's, or makes EC P-256 keys for a new one. A PKI that
 *                 already exists with another type makes the start fail (see {@code DevPki})
 */
public record DevOptions(Path dataDir, int port, int tlsPort, int kdcPort, boolean withDemo,
    Optional<Path> fernetKeys, Optional<Path> importKeystone, Optional<KeyType> keyType) {

  public DevOptions(Path dataDir, int port, int tlsPort, int kdcPort, boolean withDemo) {
    this(dataDir, port, tlsPort, kdcPort, withDemo, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** These options with the dev PKI's key type given. */
  public DevOptions withKeyType(KeyType type) {
    return new DevOptions(dataDir, port, tlsPort, kdcPort, withDemo, fernetKeys, importKeystone, Optional.of(type));
  }
}
