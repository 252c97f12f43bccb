package io.tokenless.config;

/**
 * The whole configuration of one server process, as read from YAML by {@link ConfigLoader} or
 * built by the dev command. Every section validates itself when built; a section that is
 * {@code null} here is switched off (no TLS listener, no Kerberos).
 *
 * @param server   the plain HTTP listener and the public address
 * @param tls      the HTTPS listener with client certificates; optional
 * @param database PostgreSQL; required
 * @param kerberos SPNEGO acceptance; optional
 * @param fernet   the Fernet key repository and token lifetime; required
 * @param passwords password hashing
 * @param cache    the effective-role cache
 * @param catalog  the service catalog served in tokens
 * @param mapping  identity mapping rules for Kerberos and certificate principals
 * @param gateway  proxied routes and the audit log; optional
 */
public record TokenlessConfig(
    ServerConfig server,
    TlsConfig tls,
    DatabaseConfig database,
    KerberosConfig kerberos,
    FernetConfig fernet,
    PasswordConfig passwords,
    CacheConfig cache,
    CatalogConfig catalog,
    MappingConfig mapping,
    GatewayConfig gateway) {

  public TokenlessConfig {
    server = server == null ? ServerConfig.defaults() : server;
    Checks.required("database", database);
    Checks.required("fernet", fernet);
    passwords = passwords == null ? PasswordConfig.defaults() : passwords;
    cache = cache == null ? CacheConfig.defaults() : cache;
    catalog = catalog == null ? CatalogConfig.identityOnly(server.publicUrl()) : catalog;
    mapping = mapping == null ? MappingConfig.none() : mapping;
    gateway = gateway == null ? GatewayConfig.none() : gateway;
  }
}
