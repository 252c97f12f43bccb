package io.tokenless.config;

/**
 * PostgreSQL. The password may come from {@code TOKENLESS_DB_PASSWORD} instead of the file.
 *
 * @param url      {@code jdbc:postgresql://host:port/database}
 * @param user     the login role
 * @param password its password; never printed
 * @param poolSize largest number of pooled connections; default 10
 */
public record DatabaseConfig(String url, String user, String password, Integer poolSize) {
  public DatabaseConfig {
    Checks.required("url", url);
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("url: must start with jdbc:postgresql://, got " + url);
    }
    user = user == null ? "tokenless" : user;
    password = password == null ? "" : password;
    poolSize = Checks.between("poolSize", poolSize == null ? 10 : poolSize, 1, 500);
  }

  public DatabaseConfig withPassword(String newPassword) {
    return new DatabaseConfig(url, user, newPassword, poolSize);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", password=<redacted>, poolSize=" + poolSize + "]";
  }
}
