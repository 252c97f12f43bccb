package io.tokenless.http.tls;

import java.security.InvalidAlgorithmParameterException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyPairGeneratorSpi;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 key pairs from Bouncy Castle (the default, as in the JDK, and what
 * {@code NamedParameterSpec.X25519} or a key size of 255 asks for); anything else is generated
 * by the JDK's SunEC provider.
 */
final class XdhKeyPairGenerator extends KeyPairGeneratorSpi {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String algorithm;
  private SecureRandom random = RANDOM;
  private KeyPairGenerator delegate;

  XdhKeyPairGenerator(String algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  public void initialize(int keysize, SecureRandom random) {
    if (keysize == 255) {
      useOwn(random);
    } else {
      delegate = XdhKeyFactory.sunEc(algorithm, KeyPairGenerator::getInstance);
      delegate.initialize(keysize, random);
    }
  }

  @Override
  public void initialize(AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidAlgorithmParameterException {
    if (X25519Key.isX25519(params)) {
      useOwn(random);
    } else {
      delegate = XdhKeyFactory.sunEc(algorithm, KeyPairGenerator::getInstance);
      delegate.initialize(params, random);
    }
  }

  @Override
  public KeyPair generateKeyPair() {
    if (delegate != null) {
      return delegate.generateKeyPair();
    }
    byte[] k = new byte[X25519Key.SIZE];
    X25519.generatePrivateKey(random, k);
    X25519Key.Private privateKey = new X25519Key.Private(k);
    return new KeyPair(privateKey.publicKey(), privateKey);
  }

  private void useOwn(SecureRandom random) {
    delegate = null;
    this.random = random != null ? random : RANDOM;
  }
}
