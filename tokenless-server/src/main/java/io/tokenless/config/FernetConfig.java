package io.tokenless.config;

import java.nio.file.Path;

/**
 * Keystone-compatible Fernet tokens.
 *
 * @param keyRepository        the key directory ({@code 0} staged, highest primary)
 * @param maxActiveKeys        keys kept by rotation; default 3, as Keystone's
 * @param tokenLifetimeSeconds lifetime of issued tokens; default 3600, as Keystone's
 */
public record FernetConfig(Path keyRepository, Integer maxActiveKeys, Integer tokenLifetimeSeconds) {
  public FernetConfig {
    Checks.readableDirectory("keyRepository", keyRepository);
    maxActiveKeys = Checks.between("maxActiveKeys", maxActiveKeys == null ? 3 : maxActiveKeys, 1, 100);
    tokenLifetimeSeconds = Checks.between("tokenLifetimeSeconds",
        tokenLifetimeSeconds == null ? 3600 : tokenLifetimeSeconds, 60, 315_360_000);
  }
}
