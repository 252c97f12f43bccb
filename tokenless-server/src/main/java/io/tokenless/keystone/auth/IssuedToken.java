package io.tokenless.keystone.auth;

import java.util.Objects;

/**
 * A newly issued token: the string for {@code X-Subject-Token} and what its body shows.
 * {@link #toString()} leaves the token out, so the record can be logged.
 */
public record IssuedToken(String token, ValidToken view) {
  public IssuedToken {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(view, "view");
  }

  @Override
  public String toString() {
    return "IssuedToken[auditIds=" + view.auditIds() + ", user=" + view.userId() + "]";
  }
}
