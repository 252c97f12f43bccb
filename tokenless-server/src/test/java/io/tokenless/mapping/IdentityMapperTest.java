package io.tokenless.mapping;

import static io.tokenless.mapping.AttributeCondition.absent;
import static io.tokenless.mapping.AttributeCondition.anyOf;
import static io.tokenless.mapping.AttributeCondition.equalTo;
import static io.tokenless.mapping.AttributeCondition.matching;
import static io.tokenless.mapping.AttributeCondition.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenless.auth.AuthenticatedPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityMapperTest {
  private static final DomainRef DEFAULT = DomainRef.byId("default");

  private static AuthenticatedPrincipal kerberos(String primary, String instance, String realm) {
    String local = instance.isEmpty() ? primary : primary + "/" + instance;
    return new AuthenticatedPrincipal("kerberos", local + "@" + realm, Map.of(
        "KRB5_PRINCIPAL", local + "@" + realm, "KRB5_REALM", realm, "KRB5_PRIMARY", primary, "KRB5_INSTANCE", instance));
  }

  private static AuthenticatedPrincipal certificate(Map<String, String> attributes) {
    return new AuthenticatedPrincipal("x509", attributes.getOrDefault("SSL_CLIENT_S_DN", "CN=?"), attributes);
  }

  private static IdentityMapper mapper(MappingRule... rules) {
    return IdentityMapper.of(List.of(rules));
  }

  @Test
  void defaultKerberosRules_mapAUserOfTheRealm_toThePrimaryInTheRealmsDomain() {
    IdentityMapper mapper = IdentityMapper.of(MappingRules.kerberosRealms(Map.of("EXAMPLE.COM", DEFAULT)));

    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM")))
        .contains(new MappedIdentity("alice", DEFAULT, List.of(), Provision.REJECT, "kerberos realm EXAMPLE.COM"));
  }

  @Test
  void defaultKerberosRules_doNotMapAnotherRealm_norPrincipalsWithAnInstance() {
    IdentityMapper mapper = IdentityMapper.of(MappingRules.kerberosRealms(Map.of("EXAMPLE.COM", DEFAULT)));

    assertThat(mapper.map(kerberos("bob", "", "OTHER.ORG"))).isEmpty();
    assertThat(mapper.map(kerberos("alice", "admin", "EXAMPLE.COM"))).isEmpty();
    assertThat(mapper.map(kerberos("HTTP", "compute", "EXAMPLE.COM"))).isEmpty();
  }

  @Test
  void realmTable_mapsEachRealmToItsOwnDomain() {
    IdentityMapper mapper = IdentityMapper.of(MappingRules.kerberosRealms(
        Map.of("EXAMPLE.COM", DEFAULT, "PARTNER.ORG", DomainRef.byName("partners"))));

    assertThat(mapper.map(kerberos("bob", "", "PARTNER.ORG")).orElseThrow().domain()).isEqualTo(DomainRef.byName("partners"));
  }

  @Test
  void firstMatchingRuleWins() {
    IdentityMapper mapper = mapper(
        MappingRule.of("admins", List.of(equalTo("KRB5_INSTANCE", "admin")), "{KRB5_PRIMARY}-admin", DEFAULT),
        MappingRule.of("anyone", List.of(), "{KRB5_PRIMARY}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "admin", "EXAMPLE.COM")).orElseThrow().userName()).isEqualTo("alice-admin");
    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM")).orElseThrow().rule()).isEqualTo("anyone");
  }

  @Test
  void noRules_mapNobody() {
    assertThat(mapper().map(kerberos("alice", "", "EXAMPLE.COM"))).isEmpty();
  }

  @Test
  void allConditionsOfARule_mustHold() {
    IdentityMapper mapper = mapper(MappingRule.of("both",
        List.of(equalTo("SSL_CLIENT_S_DN_O", "Example"), anyOf("SSL_CLIENT_S_DN_OU", "Ops", "Dev")),
        "{SSL_CLIENT_S_DN_CN}", DEFAULT));

    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "alice", "SSL_CLIENT_S_DN_O", "Example",
        "SSL_CLIENT_S_DN_OU", "Dev")))).isPresent();
    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "alice", "SSL_CLIENT_S_DN_O", "Example",
        "SSL_CLIENT_S_DN_OU", "Sales")))).isEmpty();
    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "alice", "SSL_CLIENT_S_DN_OU", "Dev")))).isEmpty();
  }

  @Test
  void equals_isExactAndCaseSensitive() {
    IdentityMapper mapper = mapper(MappingRule.of(null, List.of(equalTo("KRB5_REALM", "EXAMPLE.COM")), "{KRB5_PRIMARY}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "", "example.com"))).isEmpty();
    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM.EVIL"))).isEmpty();
  }

  @Test
  void regex_mustMatchTheWholeValue_andItsNamedGroupsFillTemplates() {
    IdentityMapper mapper = mapper(MappingRule.of("email",
        List.of(matching("SSL_CLIENT_SAN_Email", "(?<local>[a-z0-9.]+)@(?<dept>[a-z]+)\\.example\\.com")),
        "{local}", DomainRef.byName("{dept}")));

    MappedIdentity identity = mapper.map(certificate(Map.of("SSL_CLIENT_SAN_Email", "carol.x@eng.example.com"))).orElseThrow();

    assertThat(identity.userName()).isEqualTo("carol.x");
    assertThat(identity.domain()).isEqualTo(DomainRef.byName("eng"));
    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_SAN_Email", "carol@eng.example.com.evil.org")))).isEmpty();
  }

  @Test
  void present_and_absent_treatAnEmptyValueAsAbsent() {
    IdentityMapper mapper = mapper(
        MappingRule.of("with instance", List.of(present("KRB5_INSTANCE")), "{KRB5_PRIMARY}.{KRB5_INSTANCE}", DEFAULT),
        MappingRule.of("without", List.of(absent("KRB5_INSTANCE")), "{KRB5_PRIMARY}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "admin", "EXAMPLE.COM")).orElseThrow().userName()).isEqualTo("alice.admin");
    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM")).orElseThrow().userName()).isEqualTo("alice");
    IdentityMapper missing = mapper(MappingRule.of(null, List.of(absent("KRB5_INSTANCE")), "{SSL_CLIENT_S_DN_CN}", DEFAULT));
    assertThat(missing.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "x"))).orElseThrow().userName()).isEqualTo("x");
  }

  @Test
  void missingAttributeInATemplate_skipsToTheNextRule() {
    IdentityMapper mapper = mapper(
        MappingRule.of("needs CN", List.of(), "{SSL_CLIENT_S_DN_CN}", DEFAULT),
        MappingRule.of("kerberos", List.of(present("KRB5_PRIMARY")), "{KRB5_PRIMARY}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM")).orElseThrow().rule()).isEqualTo("kerberos");
  }

  @Test
  void emptyAttributeInATemplate_yieldsNoUser() {
    IdentityMapper mapper = mapper(MappingRule.of(null, List.of(), "{KRB5_INSTANCE}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM"))).isEmpty();
  }

  @Test
  void bracesInAttributeValues_areInsertedLiterally_neverExpandedAgain() {
    IdentityMapper mapper = mapper(MappingRule.of(null, List.of(), "{SSL_CLIENT_S_DN_CN}", DEFAULT));

    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "{KRB5_REALM}}{"))).orElseThrow().userName())
        .isEqualTo("{KRB5_REALM}}{");
  }

  @Test
  void doubledBraces_areLiteralBraces() {
    IdentityMapper mapper = mapper(MappingRule.of(null, List.of(), "{{{KRB5_PRIMARY}}}", DEFAULT));

    assertThat(mapper.map(kerberos("alice", "", "EXAMPLE.COM")).orElseThrow().userName()).isEqualTo("{alice}");
  }

  @Test
  void controlCharactersOrOverlongValues_yieldNoUser() {
    IdentityMapper mapper = mapper(MappingRule.of(null, List.of(), "{SSL_CLIENT_S_DN_CN}", DEFAULT));

    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "alice\nINFO forged log line")))).isEmpty();
    assertThat(mapper.map(certificate(Map.of("SSL_CLIENT_S_DN_CN", "a".repeat(256))))).isEmpty();
  }

  @Test
  void groupsAndProvision_areCarriedToTheResult() {
    IdentityMapper mapper = mapper(new MappingRule("partners", List.of(equalTo("KRB5_REALM", "PARTNER.ORG")),
        "{KRB5_PRIMARY}@{KRB5_REALM}", DomainRef.byName("partners"), List.of("partner-users", "realm-{KRB5_REALM}"),
        Provision.SHADOW));

    MappedIdentity identity = mapper.map(kerberos("bob", "", "PARTNER.ORG")).orElseThrow();

    assertThat(identity.userName()).isEqualTo("bob@PARTNER.ORG");
    assertThat(identity.groups()).containsExactly("partner-users", "realm-PARTNER.ORG");
    assertThat(identity.provision()).isEqualTo(Provision.SHADOW);
  }

  @Test
  void provision_defaultsToReject_andParsesConfigurationWords() {
    assertThat(MappingRule.of(null, null, "x", DEFAULT).provision()).isEqualTo(Provision.REJECT);
    assertThat(Provision.parse("shadow")).isEqualTo(Provision.SHADOW);
    assertThat(Provision.parse(" Reject ")).isEqualTo(Provision.REJECT);
    assertThatThrownBy(() -> Provision.parse("create")).isInstanceOf(MappingConfigException.class)
        .hasMessageContaining("reject or shadow");
  }

  @Test
  void unknownPlaceholder_isAConfigurationError_namingThePath() {
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(), "ok", DEFAULT),
        MappingRule.of(null, List.of(), "{KRB5_PRIMRY}", DEFAULT)))
        .isInstanceOf(MappingConfigException.class)
        .hasMessageStartingWith("mapping.rules[1].user: unknown placeholder {KRB5_PRIMRY}");
  }

  @Test
  void unknownPlaceholderInDomainOrGroups_isAConfigurationError() {
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(), "x", DomainRef.byName("{nope}"))))
        .hasMessageStartingWith("mapping.rules[0].domain.name: unknown placeholder {nope}");
    assertThatThrownBy(() -> mapper(new MappingRule(null, List.of(), "x", DEFAULT, List.of("ok", "{nope}"), null)))
        .hasMessageStartingWith("mapping.rules[0].groups[1]: unknown placeholder {nope}");
  }

  @Test
  void regexGroupNames_areKnownPlaceholders_onlyInTheirOwnRule() {
    MappingRule withGroup = MappingRule.of(null, List.of(matching("KRB5_PRIMARY", "(?<first>.)(?<rest>.*)")), "{first}", DEFAULT);
    MappingRule usingOthersGroup = MappingRule.of(null, List.of(), "{rest}", DEFAULT);

    assertThatThrownBy(() -> mapper(withGroup, usingOthersGroup))
        .hasMessageStartingWith("mapping.rules[1].user: unknown placeholder {rest}");
  }

  @Test
  void malformedTemplates_areConfigurationErrors() {
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(), "{KRB5_PRIMARY", DEFAULT)))
        .hasMessageContaining("unclosed '{'");
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(), "a}b", DEFAULT)))
        .hasMessageContaining("lone '}'");
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(), "{ KRB5_PRIMARY }", DEFAULT)))
        .hasMessageContaining("is not a placeholder");
  }

  @Test
  void unknownAttributeOrBadRegexInACondition_isAConfigurationError() {
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(equalTo("KRB5_RELM", "X")), "x", DEFAULT)))
        .hasMessageStartingWith("mapping.rules[0].match[0].attribute: unknown attribute KRB5_RELM");
    assertThatThrownBy(() -> mapper(MappingRule.of(null, List.of(matching("KRB5_REALM", "(unclosed")), "x", DEFAULT)))
        .hasMessageStartingWith("mapping.rules[0].match[0].regex:");
  }

  @Test
  void aConditionNeedsExactlyOneTest() {
    assertThatThrownBy(() -> new AttributeCondition("KRB5_REALM", "A", "B", null, null))
        .isInstanceOf(MappingConfigException.class).hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> new AttributeCondition("KRB5_REALM", null, null, null, null))
        .isInstanceOf(MappingConfigException.class);
  }

  @Test
  void aDomainIsByIdOrByName_notBoth() {
    assertThatThrownBy(() -> new DomainRef("default", "Default")).isInstanceOf(MappingConfigException.class);
    assertThatThrownBy(() -> new DomainRef(null, null)).isInstanceOf(MappingConfigException.class);
    assertThat(DomainRef.byId("default").isById()).isTrue();
  }

  @Test
  void mechanismSpecificAttributes_canBeAddedToTheKnownSet() {
    IdentityMapper mapper = new IdentityMapper(List.of(MappingRule.of(null, List.of(present("X_CUSTOM")), "{X_CUSTOM}", DEFAULT)),
        MappingAttributes.union(MappingAttributes.ALL, java.util.Set.of("X_CUSTOM")));
    Map<String, String> attributes = new HashMap<>();
    attributes.put("X_CUSTOM", "zed");

    assertThat(mapper.map(new AuthenticatedPrincipal("custom", "zed", attributes)).orElseThrow().userName()).isEqualTo("zed");
  }
}
