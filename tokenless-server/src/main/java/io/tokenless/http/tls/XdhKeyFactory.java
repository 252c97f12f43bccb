package io.tokenless.http.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Optional;

/**
 * Decodes X25519 keys into {@link X25519Key}s: from a u-coordinate ({@link XECPublicKeySpec},
 * what JSSE passes for a peer's key share), a scalar, or their X.509/PKCS#8 encodings. Other
 * curves and specs are the JDK's SunEC provider's.
 */
final class XdhKeyFactory extends KeyFactorySpi {
  private final String algorithm;
  private KeyFactory delegate;

  XdhKeyFactory(String algorithm) {
    this.algorithm = algorithm;
  }

  @Override
  protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
    if (spec instanceof XECPublicKeySpec xec && X25519Key.isX25519(xec.getParams())) {
      return X25519Key.publicFromU(xec.getU());
    }
    if (spec instanceof X509EncodedKeySpec x509) {
      Optional<X25519Key.Public> key = X25519Key.publicFromX509(x509.getEncoded());
      if (key.isPresent()) {
        return key.get();
      }
    }
    return delegate().generatePublic(spec);
  }

  @Override
  protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
    if (spec instanceof XECPrivateKeySpec xec && X25519Key.isX25519(xec.getParams())) {
      if (xec.getScalar().length != X25519Key.SIZE) {
        throw new InvalidKeySpecException("an X25519 scalar is " + X25519Key.SIZE + " bytes");
      }
      return new X25519Key.Private(xec.getScalar());
    }
    if (spec instanceof PKCS8EncodedKeySpec pkcs8) {
      Optional<X25519Key.Private> key = X25519Key.privateFromPkcs8(pkcs8.getEncoded());
      if (key.isPresent()) {
        return key.get();
      }
    }
    return delegate().generatePrivate(spec);
  }

  @Override
  protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
    if (key instanceof X25519Key.Public pub) {
      if (type.isAssignableFrom(XECPublicKeySpec.class)) {
        return type.cast(new XECPublicKeySpec(pub.getParams(), pub.getU()));
      } else if (type.isAssignableFrom(X509EncodedKeySpec.class)) {
        return type.cast(new X509EncodedKeySpec(pub.getEncoded()));
      }
      throw new InvalidKeySpecException("an X25519 public key has no " + type.getName());
    }
    if (key instanceof X25519Key.Private priv) {
      if (type.isAssignableFrom(XECPrivateKeySpec.class)) {
        return type.cast(new XECPrivateKeySpec(priv.getParams(), priv.bytes()));
      } else if (type.isAssignableFrom(PKCS8EncodedKeySpec.class)) {
        return type.cast(new PKCS8EncodedKeySpec(priv.getEncoded()));
      }
      throw new InvalidKeySpecException("an X25519 private key has no " + type.getName());
    }
    return delegate().getKeySpec(key, type);
  }

  @Override
  protected Key engineTranslateKey(Key key) throws InvalidKeyException {
    if (key instanceof X25519Key.Public || key instanceof X25519Key.Private) {
      return key;
    }
    if (key instanceof XECPublicKey pub && X25519Key.isX25519(pub.getParams())) {
      return X25519Key.publicFromU(pub.getU());
    }
    if (key instanceof XECPrivateKey priv && X25519Key.isX25519(priv.getParams())
        && priv.getScalar().filter(k -> k.length == X25519Key.SIZE).isPresent()) {
      return new X25519Key.Private(priv.getScalar().get());
    }
    return delegate().translateKey(key);
  }

  private KeyFactory delegate() {
    if (delegate == null) {
      delegate = sunEc(algorithm, KeyFactory::getInstance);
    }
    return delegate;
  }

  /**
   * What {@code factory} makes for {@code algorithm} in the JDK's SunEC provider. SunEC ships
   * with every JDK 17 and has these algorithms, so its absence is a broken JVM: unchecked.
   */
  static <T> T sunEc(String algorithm, JcaFactory<T> factory) {
    Provider sunEc = Security.getProvider("SunEC");
    if (sunEc == null) {
      throw new IllegalStateException("the JDK's SunEC provider is not installed; needed for " + algorithm);
    }
    try {
      return factory.getInstance(algorithm, sunEc);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's SunEC provider has no " + algorithm, e);
    }
  }

  /** {@code KeyFactory::getInstance} and the like. */
  @FunctionalInterface
  interface JcaFactory<T> {
    T getInstance(String algorithm, Provider provider) throws GeneralSecurityException;
  }
}
