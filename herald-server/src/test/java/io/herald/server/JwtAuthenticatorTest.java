package io.herald.server;

import static io.herald.testing.Tokens.EC;
import static io.herald.testing.Tokens.OTHER_RSA;
import static io.herald.testing.Tokens.OTHER_SECRET;
import static io.herald.testing.Tokens.RSA;
import static io.herald.testing.Tokens.SECRET;
import static io.herald.testing.Tokens.claims;
import static io.herald.testing.Tokens.es256;
import static io.herald.testing.Tokens.hs256;
import static io.herald.testing.Tokens.rs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.herald.protocol.Json;
import io.herald.testing.Tokens;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The built-in JWT authenticator: every key source, every token source, every refusal. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtAuthenticatorTest {
  private static final JwtAuthenticator HMAC = new JwtAuthenticator(JwtOptions.hmac(SECRET));

  @TempDir Path dir;

  private static Handshake handshake(
      Transport transport, String query, Map<String, String> headers) {
    Map<String, List<String>> params = query == null ? Map.of() : Map.of("token", List.of(query));
    Map<String, List<String>> lower = new java.util.HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
    return new Handshake(
        transport,
        "/herald",
        params,
        lower,
        new InetSocketAddress("127.0.0.1", 40000),
        Instant.now());
  }

  private static Handshake bearer(String token) {
    return handshake(Transport.HERALD, null, Map.of("Authorization", "Bearer " + token));
  }

  private static void refused(JwtAuthenticator authenticator, String token, String message) {
    assertThatThrownBy(() -> authenticator.authenticate(bearer(token)))
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.code()).isEqualTo("unauthorized");
              assertThat(e.getMessage()).isEqualTo(message).doesNotContain(token);
            });
  }

  // ---- key sources ----------------------------------------------------------------------------

  @Test
  void hs256TokenGivesItsSubjectAndClaims() {
    Principal principal =
        HMAC.authenticate(bearer(hs256("alice", c -> c.claim("role", "admin").issuer("me"))));
    assertThat(principal.userId()).isEqualTo("alice");
    assertThat(principal.claims())
        .containsEntry("sub", "alice")
        .containsEntry("role", "admin")
        .containsEntry("iss", "me")
        .containsKey("exp");
  }

  @Test
  void thePrincipalExpiresWhenTheTokenStopsBeingAccepted() {
    Instant exp = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    Principal expiring =
        HMAC.authenticate(bearer(hs256("ann", c -> c.expirationTime(Date.from(exp)))));
    // exp plus the default 30 s of clock skew: the last instant the token is accepted.
    assertThat(expiring.expiresAt()).isEqualTo(exp.plusSeconds(30));
    Principal lasting = HMAC.authenticate(bearer(hs256("ann", c -> c.expirationTime(null))));
    assertThat(lasting.expiresAt()).isNull();
  }

  @Test
  void rs256AndEs256WithPemPublicKeys() throws Exception {
    JwtAuthenticator rsa =
        new JwtAuthenticator(
            JwtOptions.publicKeyFile(Tokens.pem(dir.resolve("rsa.pem"), RSA.toPublicKey())));
    assertThat(rsa.authenticate(bearer(rs256(RSA, claims("bob").build()))).userId())
        .isEqualTo("bob");
    refused(rsa, rs256(OTHER_RSA, claims("bob").build()), "the token's signature is invalid");
    refused(rsa, hs256("bob"), "the token's algorithm HS256 is not accepted");

    JwtAuthenticator ec =
        new JwtAuthenticator(
            JwtOptions.publicKeyFile(Tokens.pem(dir.resolve("ec.pem"), EC.toPublicKey())));
    assertThat(ec.authenticate(bearer(es256(EC, claims("carol").build()))).userId())
        .isEqualTo("carol");
    refused(ec, rs256(RSA, claims("carol").build()), "the token's algorithm RS256 is not accepted");
  }

  @Test
  void certificatePem() throws Exception {
    // keytool (of the running JDK) makes a self-signed certificate; its key signs the token.
    Path store = dir.resolve("keys.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "jwt",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=herald-test",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue())
        .as(new String(keytool.getInputStream().readAllBytes()))
        .isZero();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    java.security.cert.Certificate certificate = keys.getCertificate("jwt");
    Path pem =
        Tokens.write(
            dir.resolve("cert.pem"),
            "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    com.nimbusds.jose.jwk.RSAKey signing =
        new com.nimbusds.jose.jwk.RSAKey.Builder(
                (java.security.interfaces.RSAPublicKey) certificate.getPublicKey())
            .privateKey((java.security.PrivateKey) keys.getKey("jwt", "changeit".toCharArray()))
            .build();
    JwtAuthenticator authenticator = new JwtAuthenticator(JwtOptions.publicKeyFile(pem));
    assertThat(authenticator.authenticate(bearer(rs256(signing, claims("dave").build()))).userId())
        .isEqualTo("dave");
  }

  @Test
  void jwksFilePicksTheKeyByKid() {
    Path jwks =
        Tokens.write(
            dir.resolve("jwks.json"),
            new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString());
    JwtAuthenticator authenticator = new JwtAuthenticator(JwtOptions.jwksFile(jwks));
    assertThat(authenticator.authenticate(bearer(rs256(RSA, claims("rs").build()))).userId())
        .isEqualTo("rs");
    assertThat(authenticator.authenticate(bearer(es256(EC, claims("es").build()))).userId())
        .isEqualTo("es");
    refused(
        authenticator, rs256(OTHER_RSA, claims("rs").build()), "the token's signature is invalid");
    com.nimbusds.jose.jwk.RSAKey unknownKid =
        new com.nimbusds.jose.jwk.RSAKey.Builder(RSA).keyID("rsa-2").build();
    refused(
        authenticator,
        rs256(unknownKid, claims("rs").build()),
        "no configured key matches the token");
  }

  @Test
  void badKeyConfigurationFailsAtConstruction() {
    assertThatThrownBy(() -> JwtOptions.hmac("too short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> new JwtAuthenticator(JwtOptions.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a key");
    assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withJwks(dir.resolve("x.json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one of");
    assertThatThrownBy(
            () -> new JwtAuthenticator(JwtOptions.hmac(SECRET).withAlgorithms(List.of("RS256"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fits the configured key");
    assertThatThrownBy(() -> JwtOptions.hmac(SECRET).withAlgorithms(List.of("none")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new JwtAuthenticator(JwtOptions.publicKeyFile(dir.resolve("missing.pem"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read jwt.publicKey");
    Path garbage = Tokens.write(dir.resolve("garbage.pem"), "not a key");
    assertThatThrownBy(() -> new JwtAuthenticator(JwtOptions.publicKeyFile(garbage)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no PEM 'PUBLIC KEY'");
    Path notJwks = Tokens.write(dir.resolve("bad.json"), "{\"keys\": 3}");
    assertThatThrownBy(() -> new JwtAuthenticator(JwtOptions.jwksFile(notJwks)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a JWK set");
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(JwtOptions.hmac(SECRET).toString()).doesNotContain(SECRET).contains("secret=***");
  }

  // ---- refusals -------------------------------------------------------------------------------

  @Test
  void refusesUnsignedTokens() {
    String none = new PlainJWT(claims("eve").build()).serialize();
    refused(HMAC, none, "unsigned tokens (alg none) are not accepted");
  }

  @Test
  void refusesAWrongKeyOrAnAlgorithmNotAccepted() {
    refused(HMAC, hs256(OTHER_SECRET, claims("eve").build()), "the token's signature is invalid");
    String longSecret = SECRET + SECRET;
    JwtAuthenticator both =
        new JwtAuthenticator(JwtOptions.hmac(longSecret).withAlgorithms(List.of("HS256", "HS512")));
    String hs512 = Tokens.hmac(JWSAlgorithm.HS512, longSecret, claims("eve").build());
    assertThat(both.authenticate(bearer(hs512)).userId()).isEqualTo("eve");
    refused(
        new JwtAuthenticator(JwtOptions.hmac(longSecret)),
        hs512,
        "the token's algorithm HS512 is not accepted");
    refused(HMAC, rs256(RSA, claims("eve").build()), "the token's algorithm RS256 is not accepted");
    refused(HMAC, "not.a.token", "the token is not a well-formed JWT");
  }

  @Test
  void refusesExpiredAndNotYetValidTokensBeyondTheSkew() {
    Instant now = Instant.now();
    refused(
        HMAC,
        hs256("eve", c -> c.expirationTime(Date.from(now.minusSeconds(60)))),
        "the token has expired");
    assertThat(
            HMAC.authenticate(
                    bearer(hs256("eve", c -> c.expirationTime(Date.from(now.minusSeconds(10))))))
                .userId())
        .isEqualTo("eve");
    refused(
        HMAC,
        hs256("eve", c -> c.notBeforeTime(Date.from(now.plusSeconds(60)))),
        "the token is not valid yet");
    assertThat(
            HMAC.authenticate(
                    bearer(hs256("eve", c -> c.notBeforeTime(Date.from(now.plusSeconds(10))))))
                .userId())
        .isEqualTo("eve");
    JwtAuthenticator strict =
        new JwtAuthenticator(JwtOptions.hmac(SECRET).withClockSkew(Duration.ZERO));
    refused(
        strict,
        hs256("eve", c -> c.expirationTime(Date.from(now.minusSeconds(10)))),
        "the token has expired");
  }

  @Test
  void refusesAWrongIssuerOrAudience() {
    JwtAuthenticator authenticator =
        new JwtAuthenticator(
            JwtOptions.hmac(SECRET).withIssuer("https://auth.test").withAudience("herald"));
    String good = hs256("ann", c -> c.issuer("https://auth.test").audience(List.of("x", "herald")));
    assertThat(authenticator.authenticate(bearer(good)).userId()).isEqualTo("ann");
    refused(
        authenticator,
        hs256("ann", c -> c.issuer("https://evil.test").audience("herald")),
        "the token's issuer is not accepted");
    refused(
        authenticator,
        hs256("ann", c -> c.audience("herald")),
        "the token's issuer is not accepted");
    refused(
        authenticator,
        hs256("ann", c -> c.issuer("https://auth.test").audience("other")),
        "the token's audience is not accepted");
  }

  @Test
  void refusesATokenWithoutTheUserClaim() {
    refused(
        HMAC,
        hs256(SECRET, new JWTClaimsSet.Builder().claim("role", "x").build()),
        "the token has no 'sub' claim");
    JwtAuthenticator byEmail = new JwtAuthenticator(JwtOptions.hmac(SECRET).withUserClaim("email"));
    assertThat(
            byEmail
                .authenticate(bearer(hs256("ann", c -> c.claim("email", "ann@x.test"))))
                .userId())
        .isEqualTo("ann@x.test");
    refused(byEmail, hs256("ann"), "the token has no 'email' claim");
  }

  // ---- where the token comes from -------------------------------------------------------------

  @Test
  void tokenFromHeaderQueryOrCookie() {
    JwtAuthenticator cookie =
        new JwtAuthenticator(JwtOptions.hmac(SECRET).withCookie("herald_jwt"));
    assertThat(cookie.authenticate(handshake(Transport.SSE, hs256("q"), Map.of())).userId())
        .isEqualTo("q");
    assertThat(
            cookie
                .authenticate(
                    handshake(
                        Transport.WEBSOCKET,
                        null,
                        Map.of("Cookie", "theme=dark; herald_jwt=" + hs256("c") + "; x=1")))
                .userId())
        .isEqualTo("c");
    // The header wins over the query parameter.
    assertThat(
            cookie
                .authenticate(
                    handshake(
                        Transport.POLL,
                        hs256("q"),
                        Map.of("authorization", "bearer " + hs256("h"))))
                .userId())
        .isEqualTo("h");
    JwtAuthenticator headerOnly =
        new JwtAuthenticator(JwtOptions.hmac(SECRET).withQueryParameter(null));
    assertThatThrownBy(
            () -> headerOnly.authenticate(handshake(Transport.SSE, hs256("q"), Map.of())))
        .isInstanceOfSatisfying(
            HttpError.class, e -> assertThat(e.getMessage()).isEqualTo("a token is required"));
  }

  @Test
  void optionalTokensLetAnonymousConnectionsInButStillRefuseBadOnes() {
    JwtAuthenticator optional = new JwtAuthenticator(JwtOptions.hmac(SECRET).withRequired(false));
    assertThat(optional.authenticate(handshake(Transport.HERALD, null, Map.of())).isAnonymous())
        .isTrue();
    refused(optional, hs256(OTHER_SECRET, claims("x").build()), "the token's signature is invalid");
    assertThatThrownBy(() -> HMAC.authenticate(handshake(Transport.HERALD, null, Map.of())))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void socketIoTakesTheTokenFromTheConnectPayload() throws Exception {
    Handshake engine = handshake(Transport.SOCKET_IO, null, Map.of());
    // No token at the Engine.IO handshake: anonymous there, the CONNECT must bring one.
    Principal connection = HMAC.authenticate(engine);
    assertThat(connection.isAnonymous()).isTrue();
    JsonNode auth = Json.MAPPER.createObjectNode().put("token", hs256("sio"));
    assertThat(HMAC.authenticateSocketIo(engine, auth, connection).userId()).isEqualTo("sio");
    assertThatThrownBy(
            () -> HMAC.authenticateSocketIo(engine, Json.MAPPER.createObjectNode(), connection))
        .isInstanceOfSatisfying(
            HttpError.class, e -> assertThat(e.getMessage()).isEqualTo("a token is required"));
    assertThatThrownBy(
            () ->
                HMAC.authenticateSocketIo(
                    engine, Json.MAPPER.createObjectNode().put("token", 42), connection))
        .isInstanceOfSatisfying(
            HttpError.class,
            e -> assertThat(e.getMessage()).isEqualTo("auth.token must be a string"));
    // A connection that brought its token at the handshake keeps that principal.
    Principal viaHeader = HMAC.authenticate(bearer(hs256("hdr")));
    assertThat(
            HMAC.authenticateSocketIo(engine, Json.MAPPER.createObjectNode(), viaHeader).userId())
        .isEqualTo("hdr");
  }

  @Test
  void cookieParsing() {
    Handshake handshake =
        handshake(Transport.HERALD, null, Map.of("Cookie", "a=1;b=\"two\" ; c = 3"));
    assertThat(handshake.cookie("a")).isEqualTo("1");
    assertThat(handshake.cookie("b")).isEqualTo("two");
    assertThat(handshake.cookie("c")).isEqualTo("3");
    assertThat(handshake.cookie("d")).isNull();
    assertThat(handshake(Transport.HERALD, null, Map.of()).cookie("a")).isNull();
  }
}
