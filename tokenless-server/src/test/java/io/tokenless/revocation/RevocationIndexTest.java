package io.tokenless.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenless.fernet.FernetTokenProvider;
import io.tokenless.fernet.InvalidTokenException;
import io.tokenless.fernet.KeystoneVectors;
import io.tokenless.fernet.KeystoneVectors.VectorToken;
import io.tokenless.fernet.KeySource;
import io.tokenless.fernet.PayloadCodec;
import io.tokenless.fernet.TokenPayload;
import io.tokenless.fernet.ValidatedToken;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationIndexTest {

  private static final String ALICE = "dad035cfc5c5495d878f599201c7dbe4";
  private static final String BOB = "dd2ea818ef7f42b0a4aaa2b18b3b4a4d";
  private static final String DEMO = "4f48f2c7516b4b53b1193f77cdbdcfe0";
  private static final Instant T = Instant.parse("2026-11-22T21:32:57Z");
  private static final Instant EXPIRES = Instant.parse("2036-11-19T21:32:57Z");

  @TempDir Path tempDir;

  @Test
  void revokedVectorToken_isRevokedByTheFixtureEvent_andNoOtherTokenIs()
      throws InvalidTokenException {
    RevocationIndex index = new RevocationIndex();
    for (JsonNode event : KeystoneVectors.fixture().get("revocation_events")) {
      index.add(RevocationEvent.builder(Instant.parse(event.get("revoked_at").asText()))
          .auditId(event.get("audit_id").asText())
          .issuedBefore(Instant.parse(event.get("issued_before").asText()))
          .build());
    }
    FernetTokenProvider provider = vectorProvider();

    List<String> revoked = new ArrayList<>();
    for (VectorToken vector : KeystoneVectors.tokens()) {
      if (!vector.decryptable()) {
        continue;
      }
      ValidatedToken token = provider.validate(vector.token(), true);
      if (index.isRevoked(token.payload(), token.issuedAt())) {
        revoked.add(vector.file());
      }
    }
    assertThat(revoked).containsExactly("13-alice_project_demo_revoked.json");
  }

  @Test
  void tokenIssuedInTheSameSecondAsTheRevocation_isRevoked_theNextSecondIsNot() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.ofUser(ALICE, T.plusMillis(300)));

    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T.minusSeconds(1)))
        .isTrue();
    // Issued later within the same second: the Fernet timestamp still says T.
    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isTrue();
    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T.plusSeconds(1)))
        .isFalse();
  }

  @Test
  void eventWithSubsecondIssuedBefore_isComparedAtFullPrecision() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.builder(T).userId(ALICE).issuedBefore(T.minusMillis(1)).build());

    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isFalse();
    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T.minusSeconds(1)))
        .isTrue();
  }

  @Test
  void auditIdEvent_revokesThatTokenOnly() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.ofAuditId("JJvUz3OnSdGOgkaTQeAjrg", T));

    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isTrue();
    assertThat(index.isRevoked(project(ALICE, "lkpzIasCRDiQzKLCGdlRSg"), T)).isFalse();
  }

  @Test
  void auditChainEvent_revokesRescopedTokensOfTheChain() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.builder(T).auditChainId("sKKZONU-SRatbhw0u9ivpQ").build());
    TokenPayload rescoped = new TokenPayload.ProjectScoped(ALICE, List.of("token", "password"),
        DEMO, EXPIRES, List.of("lkpzIasCRDiQzKLCGdlRSg", "sKKZONU-SRatbhw0u9ivpQ"));

    assertThat(index.isRevoked(rescoped, T)).isTrue();
    // Keystone's audit_chain_id of a first-generation token is None: the chain event misses it.
    assertThat(index.isRevoked(project(ALICE, "sKKZONU-SRatbhw0u9ivpQ"), T)).isFalse();
  }

  @Test
  void userEvent_revokesTrustTokensOfTheTrusteeAndOfTheTrustor() {
    TokenPayload trust = new TokenPayload.TrustScoped(BOB, List.of("password"), DEMO, EXPIRES,
        List.of("GnRaTxr0ROOKWbXtCiI0jg"), "9ce7f3005b634373b7150cb1a1777e9b");
    RevocationIndex byTrustee = new RevocationIndex();
    byTrustee.add(RevocationEvent.ofUser(BOB, T));
    RevocationIndex byTrustor = new RevocationIndex();
    byTrustor.add(RevocationEvent.ofUser(ALICE, T));

    assertThat(byTrustee.isRevoked(trust, T)).isTrue();
    assertThat(byTrustor.isRevoked(trust, T)).isFalse();
    assertThat(byTrustor.isRevoked(TokenValues.of(trust, T).withTrustorId(ALICE))).isTrue();
  }

  @Test
  void eventNeedsEveryAttributeItSets() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.builder(T).userId(ALICE).projectId(DEMO).build());

    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isTrue();
    assertThat(index.isRevoked(new TokenPayload.Unscoped(ALICE, List.of("password"), EXPIRES,
        List.of("JJvUz3OnSdGOgkaTQeAjrg")), T)).isFalse();
    assertThat(index.isRevoked(project(BOB, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isFalse();
  }

  @Test
  void projectAndRoleEvents_matchTokensOfThatProjectCarryingTheRole() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.builder(T).projectId(DEMO).roleId("member").build());
    TokenValues member = TokenValues.of(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)
        .withRoleIds(Set.of("member", "reader"));
    TokenValues reader = member.withRoleIds(Set.of("reader"));

    assertThat(index.isRevoked(member)).isTrue();
    assertThat(index.isRevoked(reader)).isFalse();
  }

  @Test
  void domainEvents_followKeystonesScopedAndDomainWideMeanings() {
    String corp = "50020796323e4d349653072ca9f14926";
    TokenPayload domainToken = new TokenPayload.DomainScoped(BOB, List.of("password"), corp,
        EXPIRES, List.of("GnRaTxr0ROOKWbXtCiI0jg"));
    TokenPayload projectToken = project(BOB, "JJvUz3OnSdGOgkaTQeAjrg");

    RevocationIndex domainWide = new RevocationIndex();
    domainWide.add(RevocationEvent.builder(T).domainId(corp).build());
    assertThat(domainWide.isRevoked(domainToken, T)).isTrue();
    assertThat(domainWide.isRevoked(projectToken, T)).isFalse();
    assertThat(domainWide.isRevoked(TokenValues.of(projectToken, T).withIdentityDomainId(corp)))
        .isTrue();

    RevocationIndex scoped = new RevocationIndex();
    scoped.add(RevocationEvent.builder(T).domainId(corp).expiresAt(EXPIRES).build());
    assertThat(scoped.isRevoked(domainToken, T)).isTrue();
    assertThat(scoped.isRevoked(TokenValues.of(projectToken, T).withIdentityDomainId(corp)))
        .isFalse();
  }

  @Test
  void expiresAtEvent_matchesAtSecondPrecision() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.builder(T).userId(ALICE).expiresAt(EXPIRES.plusMillis(400)).build());
    TokenPayload sameSecond = new TokenPayload.ProjectScoped(ALICE, List.of("password"), DEMO,
        EXPIRES.plusNanos(999_000), List.of("JJvUz3OnSdGOgkaTQeAjrg"));

    assertThat(index.isRevoked(sameSecond, T)).isTrue();
    assertThat(index.isRevoked(new TokenPayload.ProjectScoped(ALICE, List.of("password"), DEMO,
        EXPIRES.plusSeconds(1), List.of("JJvUz3OnSdGOgkaTQeAjrg")), T)).isFalse();
  }

  @Test
  void prunedEvents_stopRevoking() {
    RevocationIndex index = new RevocationIndex();
    index.add(RevocationEvent.ofAuditId("JJvUz3OnSdGOgkaTQeAjrg", T));
    index.add(RevocationEvent.ofUser(BOB, T.plusSeconds(10)));
    index.add(RevocationEvent.builder(T).consumerId("c").build());

    index.pruneRevokedBefore(T.plusSeconds(1));

    assertThat(index.size()).isEqualTo(1);
    assertThat(index.isRevoked(project(ALICE, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isFalse();
    assertThat(index.isRevoked(project(BOB, "JJvUz3OnSdGOgkaTQeAjrg"), T)).isTrue();
  }

  private static TokenPayload project(String user, String auditId) {
    return new TokenPayload.ProjectScoped(user, List.of("password"), DEMO, EXPIRES,
        List.of(auditId));
  }

  private FernetTokenProvider vectorProvider() {
    return new FernetTokenProvider(KeySource.fixed(KeystoneVectors.keys(tempDir)),
        PayloadCodec.keystoneDefaults(), Clock.fixed(T, ZoneOffset.UTC),
        FernetTokenProvider.DEFAULT_ALLOW_EXPIRED_WINDOW);
  }
}
