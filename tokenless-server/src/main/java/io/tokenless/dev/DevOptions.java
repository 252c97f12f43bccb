package io.tokenless.dev;

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
 */
public record DevOptions(Path dataDir, int port, int tlsPort, int kdcPort, boolean withDemo,
    Optional<Path> fernetKeys, Optional<Path> importKeystone) {

  public DevOptions(Path dataDir, int port, int tlsPort, int kdcPort, boolean withDemo) {
    this(dataDir, port, tlsPort, kdcPort, withDemo, Optional.empty(), Optional.empty());
  }
}
