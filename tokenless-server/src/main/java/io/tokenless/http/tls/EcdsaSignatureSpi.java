package io.tokenless.http.tls;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * SHA-2 ECDSA on Bouncy Castle's lightweight API, with each curve's domain parameters built
 * once. Bouncy Castle's JCA signature converts a JDK key's curve on every {@code initSign},
 * which makes a new generator point and so rebuilds the generator's fixed-point comb table
 * for every signature (about a fifth of a client-certificate handshake's server CPU). Here
 * P-256, P-384 and P-521 keys map onto shared {@link ECDomainParameters}, whose generator
 * keeps its precomputation; a public key seen recently is reused with its own.
 *
 * <p>Keys may come from any provider ({@link ECPrivateKey}/{@link ECPublicKey}). Keys on other
 * curves go to Bouncy Castle's JCA signature, as before. Signatures are DER
 * {@code SEQUENCE {r, s}} with a random {@code k}, as the JDK writes them. A signature that is
 * not well-formed DER, or whose values are out of range, does not verify ({@code false}).
 */
final class EcdsaSignatureSpi extends SignatureSpi {
  /** Signatures made on the cached curves; read by tests. */
  static final LongAdder SIGNATURES = new LongAdder();

  private static final List<Curve> CURVES =
      List.of(Curve.named("secp256r1"), Curve.named("secp384r1"), Curve.named("secp521r1"));
  /** Recently verified-with public keys; cleared when full, so it holds at most a few. */
  private static final Map<ECPoint, ECPublicKeyParameters> PUBLIC_KEYS = new ConcurrentHashMap<>();
  private static final int PUBLIC_KEY_CACHE_SIZE = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Supplier<Digest> digest;
  private final String fallbackAlgorithm;
  private DSADigestSigner signer;
  private Signature fallback;

  EcdsaSignatureSpi(Supplier<Digest> digest, String fallbackAlgorithm) {
    this.digest = digest;
    this.fallbackAlgorithm = fallbackAlgorithm;
  }

  @Override
  protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
    engineInitSign(key, null);
  }

  @Override
  protected void engineInitSign(PrivateKey key, SecureRandom random) throws InvalidKeyException {
    ECPrivateKey ecKey = ecKey(key, ECPrivateKey.class);
    SecureRandom source = random != null ? random : RANDOM;
    Optional<Curve> curve = Curve.of(ecKey.getParams());
    if (curve.isEmpty()) {
      useFallback().initSign(ecKey, source);
      return;
    }
    fallback = null;
    signer = new DSADigestSigner(new ECDSASigner(), digest.get(), StandardDSAEncoding.INSTANCE);
    try {
      signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(ecKey.getS(), curve.get().domain), source));
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("EC private key out of range for its curve", e);
    }
  }

  @Override
  protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
    ECPublicKey ecKey = ecKey(key, ECPublicKey.class);
    Optional<Curve> curve = Curve.of(ecKey.getParams());
    if (curve.isEmpty()) {
      useFallback().initVerify(ecKey);
      return;
    }
    fallback = null;
    signer = new DSADigestSigner(new ECDSASigner(), digest.get(), StandardDSAEncoding.INSTANCE);
    signer.init(false, publicKey(ecKey.getW(), curve.get()));
  }

  @Override
  protected void engineUpdate(byte b) throws SignatureException {
    if (fallback != null) {
      fallback.update(b);
    } else {
      initialised().update(b);
    }
  }

  @Override
  protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
    if (fallback != null) {
      fallback.update(b, off, len);
    } else {
      initialised().update(b, off, len);
    }
  }

  @Override
  protected byte[] engineSign() throws SignatureException {
    if (fallback != null) {
      return fallback.sign();
    }
    try {
      byte[] signature = initialised().generateSignature();
      SIGNATURES.increment();
      return signature;
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new SignatureException("ECDSA signing failed: " + e.getMessage(), e);
    }
  }

  @Override
  protected boolean engineVerify(byte[] signature) throws SignatureException {
    if (fallback != null) {
      return fallback.verify(signature);
    }
    DSADigestSigner verifier = initialised();
    try {
      // Malformed DER and out-of-range values come back as false from Bouncy Castle.
      return verifier.verifySignature(signature);
    } catch (IllegalStateException e) {
      throw new SignatureException("ECDSA verification failed: " + e.getMessage(), e);
    }
  }

  @Override
  @Deprecated
  protected void engineSetParameter(String param, Object value) {
    throw new UnsupportedOperationException("ECDSA takes no parameters");
  }

  @Override
  @Deprecated
  protected Object engineGetParameter(String param) {
    throw new UnsupportedOperationException("ECDSA takes no parameters");
  }

  private DSADigestSigner initialised() throws SignatureException {
    if (signer == null) {
      throw new SignatureException("signature not initialised");
    }
    return signer;
  }

  private Signature useFallback() throws InvalidKeyException {
    signer = null;
    fallback = FastTlsCrypto.bouncyCastleSignature(fallbackAlgorithm);
    return fallback;
  }

  private static <T> T ecKey(Object key, Class<T> type) throws InvalidKeyException {
    if (!type.isInstance(key)) {
      throw new InvalidKeyException("not an EC key: " + (key == null ? "null" : key.getClass().getName()));
    }
    return type.cast(key);
  }

  private static ECPublicKeyParameters publicKey(ECPoint w, Curve curve) throws InvalidKeyException {
    ECPublicKeyParameters cached = PUBLIC_KEYS.get(w);
    if (cached != null && cached.getParameters() == curve.domain) {
      return cached;
    }
    ECPublicKeyParameters parameters;
    try {
      // validatePoint refuses a point off the curve; the constructor, the point at infinity and small orders.
      parameters = new ECPublicKeyParameters(
          curve.domain.getCurve().validatePoint(w.getAffineX(), w.getAffineY()), curve.domain);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("EC public key is not a point of its curve", e);
    }
    if (PUBLIC_KEYS.size() >= PUBLIC_KEY_CACHE_SIZE) {
      PUBLIC_KEYS.clear();
    }
    PUBLIC_KEYS.put(w, parameters);
    return parameters;
  }

  /** A named prime curve: Bouncy Castle's domain parameters and the values a JCA key is matched on. */
  private record Curve(BigInteger p, BigInteger a, BigInteger b, BigInteger n, ECDomainParameters domain) {
    static Curve named(String name) {
      X9ECParameters x9 = CustomNamedCurves.getByName(name);
      return new Curve(x9.getCurve().getField().getCharacteristic(), x9.getCurve().getA().toBigInteger(),
          x9.getCurve().getB().toBigInteger(), x9.getN(), new ECDomainParameters(x9));
    }

    /** The cached curve a key's parameters describe, compared by value (keys of any provider). */
    static Optional<Curve> of(ECParameterSpec spec) {
      if (spec == null || !(spec.getCurve().getField() instanceof ECFieldFp field) || spec.getCofactor() != 1) {
        return Optional.empty();
      }
      for (Curve curve : CURVES) {
        if (curve.n.equals(spec.getOrder()) && curve.p.equals(field.getP()) && curve.a.equals(spec.getCurve().getA())
            && curve.b.equals(spec.getCurve().getB())
            && curve.domain.getG().getAffineXCoord().toBigInteger().equals(spec.getGenerator().getAffineX())
            && curve.domain.getG().getAffineYCoord().toBigInteger().equals(spec.getGenerator().getAffineY())) {
          return Optional.of(curve);
        }
      }
      return Optional.empty();
    }
  }
}
