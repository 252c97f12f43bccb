package io.tokenless.config;

/** @param bcryptCost bcrypt work factor for new password hashes; default 12, as Keystone's */
public record PasswordConfig(Integer bcryptCost) {
  public PasswordConfig {
    bcryptCost = Checks.between("bcryptCost", bcryptCost == null ? 12 : bcryptCost, 4, 31);
  }

  public static PasswordConfig defaults() {
    return new PasswordConfig(null);
  }
}
