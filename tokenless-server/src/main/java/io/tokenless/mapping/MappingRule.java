package io.tokenless.mapping;

import java.util.List;

/**
 * One identity mapping rule: when every condition holds, the principal is the user the
 * templates name. Templates are literal text with {@code {NAME}} placeholders, where NAME is an
 * attribute ({@code {KRB5_PRIMARY}}, {@code {SSL_CLIENT_S_DN_CN}}) or a named group of one of
 * the rule's regular expressions; {@code {{} and {@code }}} stand for literal braces.
 *
 * @param name      a label for logs; optional
 * @param match     the conditions, all of which must hold; an empty list matches every principal
 * @param user      the user name template, e.g. {@code {KRB5_PRIMARY}}
 * @param domain    the user's domain (by id or name; either may be a template)
 * @param groups    group name templates, groups in the user's domain; optional
 * @param provision what to do when the user does not exist; {@link Provision#REJECT} when omitted
 */
public record MappingRule(String name, List<AttributeCondition> match, String user, DomainRef domain,
    List<String> groups, Provision provision) {
  public MappingRule {
    match = match == null ? List.of() : List.copyOf(match);
    groups = groups == null ? List.of() : List.copyOf(groups);
    provision = provision == null ? Provision.REJECT : provision;
    if (user == null || user.isBlank()) {
      throw new MappingConfigException("user: required");
    }
    if (domain == null) {
      throw new MappingConfigException("domain: required");
    }
  }

  /** A rule without groups that rejects unknown users. */
  public static MappingRule of(String name, List<AttributeCondition> match, String user, DomainRef domain) {
    return new MappingRule(name, match, user, domain, List.of(), Provision.REJECT);
  }
}
