package io.tokenless.mapping;

import java.util.List;
import java.util.Objects;

/**
 * The user an authenticated principal is, as a rule said: resolved names, no templates.
 *
 * @param userName  the user's name in {@code domain}
 * @param domain    the user's domain, by id or by name
 * @param groups    extra group names in the user's domain (may be empty)
 * @param provision whether an unknown user is rejected or created as a shadow user
 * @param rule      the label of the rule that matched, for logs and audit
 */
public record MappedIdentity(String userName, DomainRef domain, List<String> groups, Provision provision, String rule) {
  public MappedIdentity {
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(domain, "domain");
    groups = List.copyOf(groups);
    Objects.requireNonNull(provision, "provision");
    Objects.requireNonNull(rule, "rule");
  }
}
