package io.herald.server.internal.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import io.herald.server.JwtOptions;
import io.herald.server.internal.pem.PemBlocks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads the verification keys of {@link JwtOptions} (an HMAC secret, a PEM public key or
 * certificate, a JWKS file) once, at start, and narrows the accepted algorithms to those the keys
 * fit. Immutable once built; the key selector it makes is safe for concurrent use.
 */
public final class JwtKeys {
  private final Set<JWSAlgorithm> algorithms;
  private final JWSVerificationKeySelector<SecurityContext> selector;

  private JwtKeys(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
    this.algorithms = Set.copyOf(algorithms);
    this.selector = new JWSVerificationKeySelector<>(this.algorithms, source);
  }

  /**
   * @throws IllegalArgumentException when no key is set, a key file cannot be read or parsed, or
   *     none of the configured algorithms fits the key
   */
  public static JwtKeys load(JwtOptions options) {
    if (!options.hasKey()) {
      throw new IllegalArgumentException("jwt needs a key: set secret, publicKey or jwks");
    }
    if (options.secret() != null) {
      byte[] secret = options.secret().getBytes(StandardCharsets.UTF_8);
      return new JwtKeys(
          accepted(options.algorithms(), Set.of(KeyType.OCT)), new ImmutableSecret<>(secret));
    }
    if (options.publicKey() != null) {
      JWK key = pem(options.publicKey());
      // The one configured key verifies every token, whatever kid the token names.
      JWKSource<SecurityContext> only = (selector, context) -> List.of(key);
      return new JwtKeys(accepted(options.algorithms(), Set.of(key.getKeyType())), only);
    }
    JWKSet keys = jwks(options.jwks());
    return new JwtKeys(accepted(options.algorithms(), keyTypes(keys)), new ImmutableJWKSet<>(keys));
  }

  /** The algorithms a token may be signed with. */
  public Set<JWSAlgorithm> algorithms() {
    return algorithms;
  }

  /** Picks the candidate keys for a token's header ({@code alg}, {@code kid}). */
  public JWSVerificationKeySelector<SecurityContext> selector() {
    return selector;
  }

  private static Set<JWSAlgorithm> accepted(List<String> names, Set<KeyType> types) {
    Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm algorithm = JWSAlgorithm.parse(name);
      if (types.contains(KeyType.forAlgorithm(algorithm))) {
        accepted.add(algorithm);
      }
    }
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException(
          "none of jwt.algorithms " + names + " fits the configured key (" + types + ")");
    }
    return accepted;
  }

  private static Set<KeyType> keyTypes(JWKSet keys) {
    Set<KeyType> types = new LinkedHashSet<>();
    keys.getKeys().forEach(key -> types.add(key.getKeyType()));
    return types;
  }

  /** A JWKS file; private parts, if any, are dropped. */
  private static JWKSet jwks(Path file) {
    JWKSet keys;
    try {
      keys = JWKSet.parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read jwt.jwks " + file + ": " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("jwt.jwks " + file + " is not a JWK set", e);
    }
    // An HMAC key in a JWK set is a secret; keep it (toPublicJWKSet would drop it).
    List<JWK> usable =
        keys.getKeys().stream()
            .map(key -> key.getKeyType().equals(KeyType.OCT) ? key : key.toPublicJWK())
            .toList();
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("jwt.jwks " + file + " holds no key");
    }
    return new JWKSet(usable);
  }

  /**
   * The public key of a PEM file: a {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) or a {@code
   * CERTIFICATE}.
   */
  private static JWK pem(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read jwt.publicKey " + file + ": " + e.getMessage(), e);
    }
    PublicKey key = publicKey(text, file);
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null) {
        throw new IllegalArgumentException("jwt.publicKey " + file + " uses an unknown EC curve");
      }
      return new ECKey.Builder(curve, ec).build();
    }
    throw new IllegalArgumentException(
        "jwt.publicKey " + file + " is a " + key.getAlgorithm() + " key, not RSA or EC");
  }

  private static PublicKey publicKey(String text, Path file) {
    boolean certificate = text.contains("-----BEGIN CERTIFICATE-----");
    byte[] der = certificate ? null : base64Block(text, "PUBLIC KEY", file);
    try {
      if (certificate) {
        return CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))
            .getPublicKey();
      }
      X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
      try {
        return KeyFactory.getInstance("RSA").generatePublic(spec);
      } catch (GeneralSecurityException notRsa) {
        return KeyFactory.getInstance("EC").generatePublic(spec);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "jwt.publicKey " + file + " holds no readable RSA or EC public key", e);
    }
  }

  private static byte[] base64Block(String text, String label, Path file) {
    List<byte[]> blocks;
    try {
      blocks = PemBlocks.of(text, label);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jwt.publicKey " + file + " holds " + e.getMessage());
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(
          "jwt.publicKey " + file + " has no PEM '" + label + "' or 'CERTIFICATE' block");
    }
    return blocks.getFirst();
  }
}
