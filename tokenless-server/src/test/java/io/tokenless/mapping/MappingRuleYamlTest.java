package io.tokenless.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tokenless.auth.AuthenticatedPrincipal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule records read from YAML as the configuration loader reads them, with no annotations. */
class MappingRuleYamlTest {
  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  @Test
  void rulesWrittenInYaml_becomeRecords_thatMapPrincipals() throws Exception {
    String yaml = """
        - name: staff certificates
          match:
            - attribute: SSL_CLIENT_S_DN_O
              equals: Example
            - attribute: SSL_CLIENT_SAN_Email
              regex: '(?<local>[a-z]+)@example\\.com'
          user: '{local}'
          domain: {name: Default}
          groups: [staff]
          provision: shadow
        - name: kerberos users
          match:
            - {attribute: KRB5_REALM, anyOf: [EXAMPLE.COM, CORP.EXAMPLE.COM]}
            - {attribute: KRB5_INSTANCE, present: false}
          user: '{KRB5_PRIMARY}'
          domain: {id: default}
        """;

    List<MappingRule> rules = YAML.readValue(yaml, new TypeReference<List<MappingRule>>() {});
    IdentityMapper mapper = IdentityMapper.of(rules);

    assertThat(rules.get(0).provision()).isEqualTo(Provision.SHADOW);
    assertThat(rules.get(1).provision()).isEqualTo(Provision.REJECT);
    assertThat(mapper.map(new AuthenticatedPrincipal("x509", "CN=carol", Map.of(
        "SSL_CLIENT_S_DN_O", "Example", "SSL_CLIENT_SAN_Email", "carol@example.com"))))
        .contains(new MappedIdentity("carol", DomainRef.byName("Default"), List.of("staff"), Provision.SHADOW,
            "staff certificates"));
    assertThat(mapper.map(new AuthenticatedPrincipal("kerberos", "dave@CORP.EXAMPLE.COM", Map.of(
        "KRB5_REALM", "CORP.EXAMPLE.COM", "KRB5_PRIMARY", "dave", "KRB5_INSTANCE", ""))).orElseThrow().domain())
        .isEqualTo(DomainRef.byId("default"));
  }
}
