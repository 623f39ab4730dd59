package io.herald.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.herald.protocol.ErrorCode;
import io.herald.server.internal.jwt.JwtKeys;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in {@link Authenticator}: a signed JSON Web Token (RFC 7519), verified with
 * nimbus-jose-jwt against the key of {@link JwtOptions}. The principal's user id is the {@code
 * userClaim} (default {@code sub}); its claims are all the token's claims.
 *
 * <p>The token is taken from, in this order: {@code Authorization: Bearer TOKEN}, the query
 * parameter ({@code token} by default), the cookie (when configured); and for a Socket.IO
 * namespace, the {@code token} field of the CONNECT {@code auth} payload. Every refusal is {@code
 * 401 unauthorized} with a message naming the reason; the token itself is never echoed nor logged.
 *
 * <p>Immutable and safe for concurrent use; called on virtual threads. It does no I/O per request
 * (keys are loaded once, by the constructor).
 */
public final class JwtAuthenticator implements Authenticator {
  private final JwtOptions options;
  private final JwtKeys keys;
  private final Clock clock;
  private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

  /**
   * Loads the keys.
   *
   * @throws IllegalArgumentException when no key is set, a key file cannot be read or parsed, or no
   *     configured algorithm fits the key
   */
  public JwtAuthenticator(JwtOptions options) {
    this(options, Clock.systemUTC());
  }

  JwtAuthenticator(JwtOptions options, Clock clock) {
    this.options = Objects.requireNonNull(options);
    this.keys = JwtKeys.load(options);
    this.clock = clock;
  }

  @Override
  public Principal authenticate(Handshake handshake) {
    String token = token(handshake);
    if (token == null) {
      // A Socket.IO client may bring its token in the CONNECT payload instead; the namespace
      // asks for it then (authenticateSocketIo).
      if (options.required() && handshake.transport() != Transport.SOCKET_IO) {
        throw tokenRequired();
      }
      return Principal.ANONYMOUS;
    }
    return verify(token);
  }

  @Override
  public Principal authenticateSocketIo(
      Handshake handshake, JsonNode auth, Principal connectionPrincipal) {
    JsonNode token = auth.path("token");
    if (token.isTextual()) {
      return verify(token.textValue());
    }
    if (!token.isMissingNode() && !token.isNull()) {
      throw refusal("auth.token must be a string");
    }
    if (connectionPrincipal.isAnonymous() && options.required()) {
      throw tokenRequired();
    }
    return connectionPrincipal;
  }

  /** The token of an HTTP request, or {@code null}. */
  private String token(Handshake handshake) {
    String authorization = handshake.header("authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    if (options.queryParameter() != null) {
      String value = handshake.queryParam(options.queryParameter());
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    if (options.cookie() != null) {
      String value = handshake.cookie(options.cookie());
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  /**
   * Verifies a token: signature and algorithm, then {@code exp}, {@code nbf}, {@code iss}, {@code
   * aud} and the user claim.
   *
   * @throws HttpError 401 naming the first check that failed
   */
  Principal verify(String token) {
    JWTClaimsSet claims = verifiedClaims(token);
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    // The last instant this token is accepted; its connections are closed then.
    Instant expiresAt = exp == null ? null : exp.toInstant().plus(options.clockSkew());
    if (expiresAt != null && now.isAfter(expiresAt)) {
      throw refusal("the token has expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.plus(options.clockSkew()).isBefore(notBefore.toInstant())) {
      throw refusal("the token is not valid yet");
    }
    if (options.issuer() != null && !options.issuer().equals(claims.getIssuer())) {
      throw refusal("the token's issuer is not accepted");
    }
    List<String> audience = claims.getAudience();
    if (options.audience() != null && !audience.contains(options.audience())) {
      throw refusal("the token's audience is not accepted");
    }
    Object user = claims.getClaim(options.userClaim());
    if (!(user instanceof String userId) || userId.isEmpty()) {
      throw refusal("the token has no '" + options.userClaim() + "' claim");
    }
    Map<String, Object> all = new HashMap<>();
    // Principal claims hold no nulls; a claim set to JSON null says nothing.
    claims
        .toJSONObject()
        .forEach(
            (name, value) -> {
              if (value != null) {
                all.put(name, value);
              }
            });
    return new Principal(userId, all, expiresAt);
  }

  private JWTClaimsSet verifiedClaims(String token) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException e) {
      throw refusal("the token is not a well-formed JWT");
    }
    if (jwt instanceof PlainJWT) {
      throw refusal("unsigned tokens (alg none) are not accepted");
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw refusal("encrypted tokens are not accepted");
    }
    JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
    if (!keys.algorithms().contains(algorithm)) {
      throw refusal("the token's algorithm " + algorithm + " is not accepted");
    }
    List<? extends Key> candidates;
    try {
      candidates = keys.selector().selectJWSKeys(signed.getHeader(), null);
    } catch (KeySourceException e) {
      throw refusal("no configured key matches the token");
    }
    if (candidates.isEmpty()) {
      throw refusal("no configured key matches the token");
    }
    if (!verifiedByAny(signed, candidates)) {
      throw refusal("the token's signature is invalid");
    }
    try {
      return signed.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refusal("the token's payload is not a JSON claim set");
    }
  }

  private boolean verifiedByAny(SignedJWT signed, List<? extends Key> candidates) {
    for (Key key : candidates) {
      try {
        JWSVerifier verifier = verifiers.createJWSVerifier(signed.getHeader(), key);
        if (signed.verify(verifier)) {
          return true;
        }
      } catch (JOSEException e) {
        // This key does not fit the token (its size or curve); the next one may.
      }
    }
    return false;
  }

  /** No token at all: a bare challenge (RFC 6750, section 3.1). */
  private static HttpError tokenRequired() {
    return new HttpError(ErrorCode.UNAUTHORIZED, "a token is required")
        .withHeader("WWW-Authenticate", "Bearer");
  }

  /** A token that cannot be accepted; the message says why, the challenge says it is invalid. */
  private static HttpError refusal(String message) {
    return new HttpError(ErrorCode.UNAUTHORIZED, message)
        .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
  }
}
