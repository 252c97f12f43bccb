package io.tokenless.dev;

import java.util.List;

/** The demo users of {@code tokenless dev}, by where they live and how they authenticate. */
final class DemoUsers {
  /** Users of the {@code Default} domain. */
  static final List<String> DEFAULT_DOMAIN_USERS = List.of("alice", "admin", "compute");
  /** Users of the {@code corp} domain. */
  static final List<String> CORP_USERS = List.of("bob");
  /** A user whose client certificate is revoked. */
  static final String REVOKED = "mallory";
  /** Every demo user with a password. */
  static final List<String> ALL = List.of("alice", "bob", "admin", "compute", REVOKED);
  /** Users with a Kerberos principal and keytab. */
  static final List<String> KERBEROS = List.of("alice", "bob", "admin", "compute");

  private DemoUsers() {}
}
