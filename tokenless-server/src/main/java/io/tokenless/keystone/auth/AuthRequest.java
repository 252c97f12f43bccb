package io.tokenless.keystone.auth;

import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code POST /v3/auth/tokens} body: the methods named, the credential of each, and the
 * scope asked for. Parsing is {@link AuthRequestParser}'s.
 */
public record AuthRequest(List<String> methods, List<Credential> credentials, ScopeRequest scope) {

  public AuthRequest {
    methods = List.copyOf(methods);
    credentials = List.copyOf(credentials);
    Objects.requireNonNull(scope, "scope");
  }

  /** A domain named by id or by name (exactly one is non-null). */
  public record DomainRef(String id, String name) {}

  /** A user named by id, or by name in a domain. */
  public record UserRef(String id, String name, DomainRef domain) {}

  /** The credential of one method. */
  public sealed interface Credential {
    String method();
  }

  /**
   * Method {@code password}. The password is a char array so the caller can wipe it;
   * {@link #toString()} never shows it.
   */
  public record PasswordCredential(UserRef user, char[] password) implements Credential {
    @Override
    public String method() {
      return "password";
    }

    @Override
    public String toString() {
      return "PasswordCredential[user=" + user + "]";
    }
  }

  /** Method {@code token}: re-scoping an existing token. {@link #toString()} hides it. */
  public record TokenCredential(String token) implements Credential {
    @Override
    public String method() {
      return "token";
    }

    @Override
    public String toString() {
      return "TokenCredential[]";
    }
  }

  /**
   * Method {@code application_credential}: a credential by {@code id}, or by {@code name} with its
   * {@code user}, and its secret (a char array the caller wipes; {@link #toString()} hides it).
   *
   * @param user the owner; required with {@code name}, optional (and then checked) with {@code id}
   */
  public record ApplicationCredentialCredential(String id, String name, UserRef user, char[] secret)
      implements Credential {
    @Override
    public String method() {
      return "application_credential";
    }

    @Override
    public String toString() {
      return "ApplicationCredentialCredential[id=" + id + ", name=" + name + ", user=" + user + "]";
    }
  }

  /**
   * Methods {@code kerberos} and {@code x509}: the identity the request itself proved (SPNEGO or
   * a client certificate), attached by the authentication pipeline as {@link ExternalIdentity}.
   */
  public record ExternalCredential(String method) implements Credential {}

  /** The scope asked for. */
  public sealed interface ScopeRequest {}

  /** No {@code scope}: the user's default project if usable, else unscoped. */
  public record NoScope() implements ScopeRequest {}

  /** {@code "scope": "unscoped"}: unscoped even when the user has a default project. */
  public record UnscopedRequest() implements ScopeRequest {}

  /** A project by id, or by name in a domain. */
  public record ProjectRequest(String id, String name, DomainRef domain) implements ScopeRequest {}

  /** A domain. */
  public record DomainRequest(DomainRef domain) implements ScopeRequest {}

  /** {@code {"system": {"all": true}}}. */
  public record SystemRequest() implements ScopeRequest {}

  /** {@code {"OS-TRUST:trust": {"id": ...}}}: the trust's project, with what the trust lends. */
  public record TrustRequest(String trustId) implements ScopeRequest {}
}
