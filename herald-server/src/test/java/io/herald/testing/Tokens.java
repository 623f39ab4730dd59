package io.herald.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.UnaryOperator;

/** Keys generated for a test run, and tokens signed with them. For tests. */
public final class Tokens {
  /** An HMAC secret of 32 bytes. */
  public static final String SECRET = "a-test-secret-of-at-least-32-bytes!";

  /** A second HMAC secret: a token signed with it has the wrong key. */
  public static final String OTHER_SECRET = "another-secret-of-at-least-32-byte";

  public static final RSAKey RSA =
      generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
  public static final RSAKey OTHER_RSA =
      generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
  public static final ECKey EC =
      generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());

  private Tokens() {}

  /** Claims for {@code user}, expiring in an hour. */
  public static JWTClaimsSet.Builder claims(String user) {
    return new JWTClaimsSet.Builder()
        .subject(user)
        .issueTime(new Date())
        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
  }

  /** An HS256 token for {@code user} signed with {@link #SECRET}. */
  public static String hs256(String user) {
    return hs256(SECRET, claims(user).build());
  }

  /**
   * An HS256 token for {@code user} that expires in one to two seconds ({@code exp} counts whole
   * seconds); for a server with no clock skew allowed.
   */
  public static String shortLived(String user) {
    return hs256(user, c -> c.expirationTime(new Date(System.currentTimeMillis() + 2000)));
  }

  /** An HS256 token for {@code user} with its claims changed by {@code change}. */
  public static String hs256(String user, UnaryOperator<JWTClaimsSet.Builder> change) {
    return hs256(SECRET, change.apply(claims(user)).build());
  }

  public static String hs256(String secret, JWTClaimsSet claims) {
    return sign(
        JWSAlgorithm.HS256,
        null,
        claims,
        () -> new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
  }

  public static String hmac(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) {
    return sign(
        algorithm, null, claims, () -> new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
  }

  public static String rs256(RSAKey key, JWTClaimsSet claims) {
    return sign(JWSAlgorithm.RS256, key.getKeyID(), claims, () -> new RSASSASigner(key));
  }

  public static String es256(ECKey key, JWTClaimsSet claims) {
    return sign(JWSAlgorithm.ES256, key.getKeyID(), claims, () -> new ECDSASigner(key));
  }

  /** Writes {@code key} as a PEM {@code PUBLIC KEY} file. */
  public static Path pem(Path file, PublicKey key) {
    String base64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return write(file, "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n");
  }

  public static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface Signing {
    JWSSigner signer() throws JOSEException;
  }

  private static String sign(
      JWSAlgorithm algorithm, String kid, JWTClaimsSet claims, Signing signing) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(), claims);
      jwt.sign(signing.signer());
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Generating<T> {
    T generate() throws JOSEException;
  }

  private static <T> T generate(Generating<T> generating) {
    try {
      return generating.generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
