package io.herald.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The built-in JWT authenticator ({@link JwtAuthenticator}), on when {@link HeraldConfig#jwt()} is
 * set and no other {@link Authenticator} is. Exactly one key source is needed: {@code secret},
 * {@code publicKey} or {@code jwks}. Immutable; {@link #toString()} never shows the secret.
 *
 * <pre>{@code
 * HeraldConfig.DEFAULTS.withJwt(JwtOptions.hmac(secret).withIssuer("https://auth.example.com"))
 * }</pre>
 *
 * @param secret the HMAC secret (HS256, HS384, HS512), at least 32 bytes of UTF-8; default none
 * @param publicKey a PEM file with an RSA or EC public key ({@code PUBLIC KEY}) or a certificate
 *     ({@code CERTIFICATE}), for RS256 or ES256; default none
 * @param jwks a JSON Web Key Set file (RFC 7517 §5); a token's {@code kid} picks the key; default
 *     none
 * @param algorithms the {@code alg} values accepted, narrowed to those the key fits (default {@code
 *     [HS256, RS256, ES256]}); {@code none} is never accepted
 * @param issuer the required {@code iss} claim, or {@code null} (the default) for any
 * @param audience a value the {@code aud} claim must contain, or {@code null} (the default) for any
 * @param userClaim the claim that holds the user id (default {@code sub}); a token without it is
 *     refused
 * @param clockSkew the tolerance for {@code exp} and {@code nbf} (default 30 s)
 * @param required whether a connection needs a token (default {@code true}); when {@code false}, a
 *     connection without one is anonymous, while a bad token is still refused
 * @param queryParameter the query parameter a token may come in (default {@code token}; for
 *     EventSource, which cannot set headers), or {@code null} for none
 * @param cookie the cookie a token may come in, or {@code null} (the default) for none
 */
public record JwtOptions(
    String secret,
    Path publicKey,
    Path jwks,
    List<String> algorithms,
    String issuer,
    String audience,
    String userClaim,
    Duration clockSkew,
    boolean required,
    String queryParameter,
    String cookie) {
  /** The algorithms accepted by default (those a key does not fit are left out). */
  public static final List<String> DEFAULT_ALGORITHMS = List.of("HS256", "RS256", "ES256");

  /** No key yet, every other setting at its default; add a key with a {@code with…} method. */
  public static final JwtOptions DEFAULTS =
      new JwtOptions(
          null,
          null,
          null,
          DEFAULT_ALGORITHMS,
          null,
          null,
          "sub",
          Duration.ofSeconds(30),
          true,
          "token",
          null);

  public JwtOptions {
    if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      // RFC 7518 §3.2: an HMAC key is at least as long as the hash (256 bits for HS256).
      throw new IllegalArgumentException("the JWT secret must be at least 32 bytes");
    }
    int keys = (secret != null ? 1 : 0) + (publicKey != null ? 1 : 0) + (jwks != null ? 1 : 0);
    if (keys > 1) {
      throw new IllegalArgumentException("set one of jwt.secret, jwt.publicKey and jwt.jwks");
    }
    algorithms = List.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("jwt.algorithms must name at least one algorithm");
    }
    if (algorithms.stream().anyMatch(alg -> alg.equalsIgnoreCase("none"))) {
      throw new IllegalArgumentException("jwt.algorithms must not contain 'none'");
    }
    Objects.requireNonNull(userClaim, "userClaim");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("jwt.clockSkew must not be negative");
    }
  }

  /** Tokens signed with an HMAC {@code secret} (HS256). */
  public static JwtOptions hmac(String secret) {
    return DEFAULTS.withSecret(Objects.requireNonNull(secret));
  }

  /**
   * Tokens verified with the RSA or EC public key (or certificate) in a PEM file (RS256, ES256).
   */
  public static JwtOptions publicKeyFile(Path pem) {
    return DEFAULTS.withPublicKey(Objects.requireNonNull(pem));
  }

  /** Tokens signed with a key of a JWKS file, picked by {@code kid}. */
  public static JwtOptions jwksFile(Path jwks) {
    return DEFAULTS.withJwks(Objects.requireNonNull(jwks));
  }

  /** Whether a key source is set (the authenticator needs one). */
  public boolean hasKey() {
    return secret != null || publicKey != null || jwks != null;
  }

  public JwtOptions withSecret(String value) {
    return new JwtOptions(
        value,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withPublicKey(Path value) {
    return new JwtOptions(
        secret,
        value,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withJwks(Path value) {
    return new JwtOptions(
        secret,
        publicKey,
        value,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withAlgorithms(List<String> value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        value,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withIssuer(String value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        value,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withAudience(String value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        value,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withUserClaim(String value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        value,
        clockSkew,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withClockSkew(Duration value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        value,
        required,
        queryParameter,
        cookie);
  }

  public JwtOptions withRequired(boolean value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        value,
        queryParameter,
        cookie);
  }

  public JwtOptions withQueryParameter(String value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        value,
        cookie);
  }

  public JwtOptions withCookie(String value) {
    return new JwtOptions(
        secret,
        publicKey,
        jwks,
        algorithms,
        issuer,
        audience,
        userClaim,
        clockSkew,
        required,
        queryParameter,
        value);
  }

  @Override
  public String toString() {
    return "JwtOptions[secret="
        + (secret == null ? "none" : "***")
        + ", publicKey="
        + publicKey
        + ", jwks="
        + jwks
        + ", algorithms="
        + algorithms
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", userClaim="
        + userClaim
        + ", clockSkew="
        + clockSkew
        + ", required="
        + required
        + ", queryParameter="
        + queryParameter
        + ", cookie="
        + cookie
        + "]";
  }
}
