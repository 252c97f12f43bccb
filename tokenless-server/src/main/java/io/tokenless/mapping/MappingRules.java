package io.tokenless.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ready-made rule sets. */
public final class MappingRules {
  private MappingRules() {}

  /**
   * One rule per realm: a principal of that realm without instance ({@code alice@EXAMPLE.COM},
   * not {@code alice/admin@EXAMPLE.COM} or {@code HTTP/host@EXAMPLE.COM}) is user
   * {@code {KRB5_PRIMARY}} in the realm's domain; unknown users are rejected. Realms not in the
   * table, cross-realm principals included, map to nobody.
   *
   * <p>For {@code tokenless dev}: {@code kerberosRealms(Map.of("EXAMPLE.COM", DomainRef.byId("default")))}.
   */
  public static List<MappingRule> kerberosRealms(Map<String, DomainRef> realmDomains) {
    List<MappingRule> rules = new ArrayList<>();
    realmDomains.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> rules.add(MappingRule.of(
        "kerberos realm " + entry.getKey(),
        List.of(AttributeCondition.equalTo("KRB5_REALM", entry.getKey()), AttributeCondition.absent("KRB5_INSTANCE")),
        "{KRB5_PRIMARY}",
        entry.getValue())));
    return List.copyOf(rules);
  }
}
