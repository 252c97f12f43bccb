package io.tokenless.http.tls;

import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.KeyAgreement;
import javax.crypto.KeyAgreementSpi;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 key agreement with Bouncy Castle's RFC 7748 code, for X25519 private keys of any
 * provider; other keys are agreed by the JDK's SunEC provider. Behaves as the JDK's: two
 * parties only, an all-zero shared secret (a peer key of small order) is refused with
 * {@link InvalidKeyException}, and {@code generateSecret(String)} knows only
 * {@code "TlsPremasterSecret"}.
 */
final class XdhKeyAgreement extends KeyAgreementSpi {
  /** Shared secrets computed here (not by SunEC); read by tests. */
  static final LongAdder AGREEMENTS = new LongAdder();

  private final String algorithm;
  private byte[] privateKey;
  private byte[] secret;
  private KeyAgreement delegate;

  XdhKeyAgreement(String algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  protected void engineInit(Key key, SecureRandom random) throws InvalidKeyException {
    Optional<byte[]> scalar = x25519Scalar(key);
    if (scalar.isPresent()) {
      useOwn(scalar.get());
    } else {
      delegate().init(key, random);
    }
  }

  @Override
  protected void engineInit(Key key, AlgorithmParameterSpec params, SecureRandom random)
      throws InvalidKeyException, InvalidAlgorithmParameterException {
    Optional<byte[]> scalar = x25519Scalar(key);
    if (scalar.isPresent() && (params == null || X25519Key.isX25519(params))) {
      useOwn(scalar.get());
    } else {
      delegate().init(key, params, random);
    }
  }

  @Override
  protected Key engineDoPhase(Key key, boolean lastPhase) throws InvalidKeyException {
    if (delegate != null) {
      return delegate.doPhase(key, lastPhase);
    }
    if (privateKey == null) {
      throw new IllegalStateException("Not initialized");
    }
    if (secret != null) {
      throw new IllegalStateException("Phase already executed");
    }
    if (!lastPhase) {
      throw new IllegalStateException("Only two party agreement supported, lastPhase must be true");
    }
    if (!(key instanceof XECPublicKey peer)) {
      throw new InvalidKeyException("Unsupported key type");
    }
    if (!X25519Key.isX25519(peer.getParams())) {
      throw new InvalidKeyException("Public key parameters are not compatible with private key.");
    }
    byte[] u = peer instanceof X25519Key.Public own ? own.bytes() : X25519Key.publicFromU(peer.getU()).bytes();
    byte[] shared = new byte[X25519Key.SIZE];
    if (!X25519.calculateAgreement(privateKey, 0, u, 0, shared, 0)) {
      // Contributory behaviour (RFC 7748 §6.1), as the JDK: a small-order peer key gives zero.
      throw new InvalidKeyException("Point has small order");
    }
    secret = shared;
    AGREEMENTS.increment();
    return null;
  }

  @Override
  protected byte[] engineGenerateSecret() {
    if (delegate != null) {
      return delegate.generateSecret();
    }
    return takeSecret();
  }

  @Override
  protected int engineGenerateSecret(byte[] sharedSecret, int offset) throws ShortBufferException {
    if (delegate != null) {
      return delegate.generateSecret(sharedSecret, offset);
    }
    if (secret == null) {
      throw new IllegalStateException("Not initialized correctly");
    }
    if (sharedSecret.length - offset < secret.length) {
      throw new ShortBufferException("need " + secret.length + " bytes");
    }
    byte[] result = takeSecret();
    System.arraycopy(result, 0, sharedSecret, offset, result.length);
    Arrays.fill(result, (byte) 0);
    return X25519Key.SIZE;
  }

  @Override
  protected SecretKey engineGenerateSecret(String secretAlgorithm)
      throws NoSuchAlgorithmException, InvalidKeyException {
    if (delegate != null) {
      return delegate.generateSecret(secretAlgorithm);
    }
    if (secretAlgorithm == null) {
      throw new NoSuchAlgorithmException("Algorithm must not be null");
    }
    if (!secretAlgorithm.equals("TlsPremasterSecret")) {
      throw new NoSuchAlgorithmException("Only supported for algorithm TlsPremasterSecret");
    }
    byte[] result = takeSecret();
    SecretKey key = new SecretKeySpec(result, secretAlgorithm);
    Arrays.fill(result, (byte) 0);
    return key;
  }

  /** The secret, once: as in the JDK, another doPhase is needed before the next. */
  private byte[] takeSecret() {
    if (secret == null) {
      throw new IllegalStateException("Not initialized correctly");
    }
    byte[] result = secret;
    secret = null;
    return result;
  }

  private void useOwn(byte[] scalar) {
    delegate = null;
    privateKey = scalar;
    secret = null;
  }

  private KeyAgreement delegate() {
    privateKey = null;
    secret = null;
    if (delegate == null) {
      delegate = XdhKeyFactory.sunEc(algorithm, KeyAgreement::getInstance);
    }
    return delegate;
  }

  private static Optional<byte[]> x25519Scalar(Key key) {
    if (key instanceof XECPrivateKey priv && X25519Key.isX25519(priv.getParams())) {
      return priv.getScalar().filter(k -> k.length == X25519Key.SIZE);
    }
    return Optional.empty();
  }
}
