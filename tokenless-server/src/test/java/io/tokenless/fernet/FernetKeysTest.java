package io.tokenless.fernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FernetKeysTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void highestNumberIsPrimary_zeroIsStaged_theRestSecondary_triedHighestFirst() {
    FernetKeys keys = FernetKeys.of(Map.of(0, key(), 3, key(), 2, key()));

    assertThat(keys.primary().number()).isEqualTo(3);
    assertThat(keys.numbers()).containsExactly(3, 2, 0);
    assertThat(keys.roleOf(2)).isEqualTo(FernetKeys.Role.SECONDARY);
    assertThat(keys.roleOf(0)).isEqualTo(FernetKeys.Role.STAGED);
  }

  @Test
  void aLoneKeyZero_isThePrimary_asKeystoneWouldEncryptWithIt() {
    FernetKeys keys = FernetKeys.of(Map.of(0, key()));

    assertThat(keys.primary().number()).isZero();
    assertThat(keys.roleOf(0)).isEqualTo(FernetKeys.Role.PRIMARY);
    assertThat(keys.staged()).isEmpty();
  }

  @Test
  void emptyOrNegativeKeySets_areRefused() {
    assertThatThrownBy(() -> FernetKeys.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FernetKeys.of(Map.of(-1, key())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keySet_isImmutable() {
    FernetKeys keys = FernetKeys.of(Map.of(0, key(), 1, key()));

    assertThatThrownBy(() -> keys.decryptionOrder().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keysCompareByValue_andPrintRedacted() {
    FernetKey key = key();
    FernetKey same = FernetKey.parse(key.toStorageString());

    assertThat(same).isEqualTo(key).hasSameHashCodeAs(key).isNotEqualTo(key());
    assertThat(FernetKeys.of(Map.of(1, key)).toString())
        .isEqualTo("FernetKeys[1][primary=1]")
        .doesNotContain(key.toStorageString());
  }

  private FernetKey key() {
    return FernetKey.generate(random);
  }
}
