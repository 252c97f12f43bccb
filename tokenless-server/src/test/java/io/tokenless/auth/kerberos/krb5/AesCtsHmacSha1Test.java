package io.tokenless.auth.kerberos.krb5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.junit.jupiter.api.Test;

class AesCtsHmacSha1Test {
  private static final HexFormat HEX = HexFormat.of();

  /** RFC 3961 appendix A.1: n-fold test vectors. */
  @Test
  void nFold_matchesRfc3961Vectors() {
    String[][] vectors = {
        {"64", "012345", "be072631276b1955"},
        {"56", "password", "78a07b6caf85fa"},
        {"64", "Rough Consensus, and Running Code", "bb6ed30870b7f0e0"},
        {"168", "password", "59e4a8ca7c0385c3c37b3f6d2000247cb6e6bd5b3e"},
        {"192", "MASSACHVSETTS INSTITVTE OF TECHNOLOGY", "db3b0d8f0b061e603282b308a50841229ad798fab9540c1b"},
        {"168", "Q", "518a54a215a8452a518a54a215a8452a518a54a215"},
        {"168", "ba", "fb25d531ae8974499f52fd92ea9857c4ba24cf297e"},
        {"64", "kerberos", "6b65726265726f73"},
        {"128", "kerberos", "6b65726265726f737b9b5b2b93132b93"},
        {"168", "kerberos", "8372c236344e5f1550cd0747e15d62ca7a5a3bcea4"},
        {"256", "kerberos", "6b65726265726f737b9b5b2b93132b935c9bdcdad95c9899c4cae4dee6d6cae4"},
    };
    List<String> mismatches = new ArrayList<>();
    for (String[] vector : vectors) {
      byte[] folded = NFold.fold(vector[1].getBytes(StandardCharsets.US_ASCII), Integer.parseInt(vector[0]) / 8);
      if (!HEX.formatHex(folded).equals(vector[2])) {
        mismatches.add(vector[0] + "-fold(" + vector[1] + ") = " + HEX.formatHex(folded) + ", expected " + vector[2]);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  /** RFC 3962 appendix B: AES-128 in CBC mode with ciphertext stealing, zero IV. */
  @Test
  void ciphertextStealing_matchesRfc3962Vectors() throws Exception {
    byte[] key = HEX.parseHex("636869636b656e207465726979616b69");
    String[][] vectors = {
        {"4920776f756c64206c696b652074686520",
            "c6353568f2bf8cb4d8a580362da7ff7f97"},
        {"4920776f756c64206c696b65207468652047656e6572616c20476175277320",
            "fc00783e0efdb2c1d445d4c8eff7ed2297687268d6ecccc0c07b25e25ecfe5"},
        {"4920776f756c64206c696b65207468652047656e6572616c2047617527732043",
            "39312523a78662d5be7fcbcc98ebf5a897687268d6ecccc0c07b25e25ecfe584"},
        {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c",
            "97687268d6ecccc0c07b25e25ecfe584b3fffd940c16a18c1b5549d2f838029e39312523a78662d5be7fcbcc98ebf5"},
        {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20",
            "97687268d6ecccc0c07b25e25ecfe5849dad8bbb96c4cdc03bc103e1a194bbd839312523a78662d5be7fcbcc98ebf5a8"},
        {"4920776f756c64206c696b65207468652047656e6572616c20476175277320436869636b656e2c20706c656173652c20616e6420776f6e746f6e20736f75702e",
            "97687268d6ecccc0c07b25e25ecfe58439312523a78662d5be7fcbcc98ebf5a84807efe836ee89a526730dbc2f7bc8409dad8bbb96c4cdc03bc103e1a194bbd8"},
    };
    List<String> mismatches = new ArrayList<>();
    for (String[] vector : vectors) {
      byte[] plain = HEX.parseHex(vector[0]);
      String encrypted = HEX.formatHex(AesCtsHmacSha1.ctsEncrypt(key, plain));
      String decrypted = HEX.formatHex(AesCtsHmacSha1.ctsDecrypt(key, HEX.parseHex(vector[1])));
      if (!encrypted.equals(vector[1]) || !decrypted.equals(vector[0])) {
        mismatches.add(plain.length + " bytes: encrypted " + encrypted + ", decrypted " + decrypted);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void singleBlock_isPlainAesOfThatBlock() throws Exception {
    byte[] key = HEX.parseHex("636869636b656e207465726979616b69");
    byte[] block = HEX.parseHex("4920776f756c64206c696b6520746865");
    javax.crypto.Cipher ecb = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"));

    assertThat(AesCtsHmacSha1.ctsEncrypt(key, block)).isEqualTo(ecb.doFinal(block));
    assertThat(AesCtsHmacSha1.ctsDecrypt(key, ecb.doFinal(block))).isEqualTo(block);
  }

  /** Kerby's independent implementation as the reference for derivation, confounder layout and MAC. */
  @Test
  void everyLengthAndBothKeySizes_interoperateWithKerby() throws Exception {
    SecureRandom random = new SecureRandom();
    List<String> mismatches = new ArrayList<>();
    for (int etype : new int[] {17, 18}) {
      byte[] keyBytes = new byte[AesCtsHmacSha1.keyLength(etype)];
      random.nextBytes(keyBytes);
      EncryptionKey key = new EncryptionKey(etype, keyBytes);
      org.apache.kerby.kerberos.kerb.type.base.EncryptionKey kerbyKey =
          new org.apache.kerby.kerberos.kerb.type.base.EncryptionKey(EncryptionType.fromValue(etype), keyBytes);
      for (int usage : new int[] {2, 11, 12}) {
        AesCtsHmacSha1.UsageKeys keys = AesCtsHmacSha1.derive(key, usage);
        for (int length = 0; length <= 70; length++) {
          byte[] plain = new byte[length];
          random.nextBytes(plain);
          byte[] fromKerby = EncryptionHandler.encrypt(plain, kerbyKey, KeyUsage.fromValue(usage)).getCipher();
          byte[] ours = AesCtsHmacSha1.encrypt(keys, plain);
          byte[] kerbyReadsOurs = EncryptionHandler.decrypt(ours, kerbyKey, KeyUsage.fromValue(usage));
          if (!java.util.Arrays.equals(AesCtsHmacSha1.decrypt(keys, fromKerby), plain)
              || !java.util.Arrays.equals(kerbyReadsOurs, plain)) {
            mismatches.add("etype " + etype + " usage " + usage + " length " + length);
          }
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void anyFlippedBit_orWrongUsage_failsTheIntegrityCheck() throws Exception {
    EncryptionKey key = new EncryptionKey(18, new byte[32]);
    AesCtsHmacSha1.UsageKeys keys = AesCtsHmacSha1.derive(key, 11);
    byte[] sealed = AesCtsHmacSha1.encrypt(keys, "authenticator".getBytes(StandardCharsets.US_ASCII));

    for (int bit = 0; bit < sealed.length * 8; bit++) {
      byte[] flipped = sealed.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThatThrownBy(() -> AesCtsHmacSha1.decrypt(keys, flipped)).isInstanceOf(Krb5Exception.class);
    }
    assertThatThrownBy(() -> AesCtsHmacSha1.decrypt(AesCtsHmacSha1.derive(key, 12), sealed))
        .isInstanceOf(Krb5Exception.class).hasMessageContaining("integrity");
    assertThatThrownBy(() -> AesCtsHmacSha1.decrypt(keys, new byte[27])).isInstanceOf(Krb5Exception.class);
  }

  @Test
  void keyToString_isRedacted() {
    assertThat(new EncryptionKey(17, new byte[] {1, 2, 3}).toString()).doesNotContain("1, 2").contains("redacted");
    assertThat(new EncryptionKey(17, new byte[] {1, 2, 3})).isEqualTo(new EncryptionKey(17, new byte[] {1, 2, 3}));
  }
}
