package io.tokenless.dev;

import java.nio.file.Path;

/**
 * What {@code tokenless dev} was asked for.
 *
 * @param dataDir absolute data directory
 * @param port    HTTP port
 * @param tlsPort HTTPS port
 * @param kdcPort KDC port, 0 for the previous run's or a free one
 * @param withDemo route /compute/, /image/ and /network/ to the demo services
 */
public record DevOptions(Path dataDir, int port, int tlsPort, int kdcPort, boolean withDemo) {}
