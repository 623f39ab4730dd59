package io.herald.server;

import static io.herald.testing.Tokens.OTHER_SECRET;
import static io.herald.testing.Tokens.SECRET;
import static io.herald.testing.Tokens.claims;
import static io.herald.testing.Tokens.hs256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.socketio.EngineIoEndpoint;
import io.herald.testing.HeraldClient;
import io.herald.testing.Http;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The built-in JWT authenticator on every HTTP transport, over real sockets: a refusal is a 401
 * JSON answer before any upgrade or stream, an accepted token's principal reaches the handlers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtAuthenticationTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String NO_TOKEN =
      "{\"error\":\"unauthorized\",\"message\":\"a token is required\"}";

  /** The user each subscribe hook saw, by channel. */
  private static final Map<String, String> SUBSCRIBERS = new ConcurrentHashMap<>();

  private static Herald herald;
  private static Http http;

  @BeforeAll
  static void start() {
    herald =
        Herald.builder()
            .config(TestHerald.CONFIG.withJwt(JwtOptions.hmac(SECRET).withCookie("herald_jwt")))
            .websocket(
                "/whoami",
                WebSocketEndpoint.builder()
                    .onOpen(connection -> connection.send(connection.principal().userId()))
                    .build())
            .engineIo(
                "/engine.io/",
                EngineIoEndpoint.builder()
                    .onOpen(
                        connection -> connection.send("user " + connection.principal().userId()))
                    .build())
            .onSubscribe("*", (client, channel) -> SUBSCRIBERS.put(channel, client.user()))
            .start();
    http = new Http(herald.port());
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  private static RawWebSocket.Refusal refusal(String path, Map<String, String> headers) {
    try {
      RawWebSocket.connect(herald.port(), path, headers).close();
    } catch (RawWebSocket.RefusedException e) {
      return e.refusal();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the upgrade of " + path + " should have been refused");
  }

  @Test
  void heraldWebSocket() throws Exception {
    RawWebSocket.Refusal none = refusal("/herald", Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).isEqualTo(NO_TOKEN);
    assertThat(none.headers()).doesNotContainKey("upgrade");
    String wrong = hs256(OTHER_SECRET, claims("alice").build());
    RawWebSocket.Refusal bad = refusal("/herald", Map.of("Authorization", "Bearer " + wrong));
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.body())
        .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"the token's signature is invalid\"}");
    try (HeraldClient client =
        HeraldClient.connect(herald.port(), "/herald?token=" + hs256("alice"))) {
      assertThat(client.connected().get("user").asText()).isEqualTo("alice");
    }
  }

  @Test
  void heraldWebSocketWithTheTokenInACookie() throws Exception {
    try (RawWebSocket ws =
        RawWebSocket.connect(
            herald.port(), "/herald", Map.of("Cookie", "other=1; herald_jwt=" + hs256("carol")))) {
      JsonNode connected = HeraldClient.parse(ws.readText(WAIT));
      assertThat(connected.get("user").asText()).isEqualTo("carol");
    }
  }

  @Test
  void applicationWebSocketEndpoint() throws Exception {
    assertThat(refusal("/whoami", Map.of()).status()).isEqualTo(401);
    String expired =
        hs256("bob", c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120))));
    RawWebSocket.Refusal old = refusal("/whoami?token=" + expired, Map.of());
    assertThat(old.status()).isEqualTo(401);
    assertThat(old.body()).contains("the token has expired").doesNotContain(expired);
    try (RawWebSocket ws =
        RawWebSocket.connect(
            herald.port(), "/whoami", Map.of("Authorization", "Bearer " + hs256("bob")))) {
      assertThat(ws.readText(WAIT)).isEqualTo("bob");
    }
  }

  @Test
  void sseWithTheTokenInTheQuery() throws Exception {
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=sse-none")) {
      assertThat(sse.status()).isEqualTo(401);
      assertThat(sse.body()).isEqualTo(NO_TOKEN);
    }
    try (SseReader sse = SseReader.open(herald.port(), "/sse?channel=sse-bad&token=not-a-jwt")) {
      assertThat(sse.status()).isEqualTo(401);
      assertThat(sse.body()).contains("the token is not a well-formed JWT");
    }
    assertThat(SUBSCRIBERS).doesNotContainKeys("sse-none", "sse-bad");
    try (SseReader sse =
        SseReader.open(herald.port(), "/sse?channel=sse-ok&token=" + hs256("dora"))) {
      assertThat(sse.status()).isEqualTo(200);
      herald.publish("sse-ok", "hello", Map.of("n", 1));
      assertThat(sse.next("hello", WAIT).data()).contains("\"data\":{\"n\":1}");
      assertThat(SUBSCRIBERS).containsEntry("sse-ok", "dora");
    }
  }

  @Test
  void poll() throws Exception {
    HttpResponse<String> none = http.get("/poll?channel=poll-none");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.body()).isEqualTo(NO_TOKEN);
    assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
    HttpResponse<String> forged =
        http.get(
            "/poll?channel=poll-none",
            "Authorization",
            "Bearer " + hs256(OTHER_SECRET, claims("erin").build()));
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.headers().firstValue("www-authenticate"))
        .hasValue("Bearer error=\"invalid_token\"");
    HttpResponse<String> ok =
        http.get("/poll?channel=poll-ok", "Authorization", "Bearer " + hs256("erin"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(SUBSCRIBERS).containsEntry("poll-ok", "erin").doesNotContainKey("poll-none");
  }

  @Test
  void engineIoPollingHandshake() throws Exception {
    HttpResponse<String> none = http.get("/engine.io/?EIO=4&transport=polling");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    assertThat(none.body()).isEqualTo(NO_TOKEN);
    HttpResponse<String> open =
        http.get("/engine.io/?EIO=4&transport=polling", "Authorization", "Bearer " + hs256("finn"));
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).startsWith("0{");
    String sid = HeraldClient.parse(open.body().substring(1)).get("sid").asText();
    // Later requests of the session carry its sid, not the token.
    HttpResponse<String> poll = http.get("/engine.io/?EIO=4&transport=polling&sid=" + sid);
    assertThat(poll.body()).isEqualTo("4user finn");
  }

  @Test
  void engineIoWebSocketHandshake() throws Exception {
    RawWebSocket.Refusal none = refusal("/engine.io/?EIO=4&transport=websocket", Map.of());
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.body()).isEqualTo(NO_TOKEN);
    try (RawWebSocket ws =
        RawWebSocket.connect(
            herald.port(), "/engine.io/?EIO=4&transport=websocket&token=" + hs256("gus"))) {
      assertThat(ws.readText(WAIT)).startsWith("0{");
      assertThat(ws.readText(WAIT)).isEqualTo("4user gus");
    }
  }

  @Test
  void aKeyThatCannotBeLoadedFailsTheStart() {
    assertThatThrownBy(
            () ->
                Herald.builder()
                    .config(
                        TestHerald.CONFIG.withJwt(
                            JwtOptions.publicKeyFile(java.nio.file.Path.of("/nonexistent.pem"))))
                    .start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read jwt.publicKey");
  }

  @Test
  void anAuthenticatorSetOnTheBuilderReplacesTheJwtOne() throws Exception {
    Herald custom =
        Herald.builder()
            .config(TestHerald.CONFIG.withJwt(JwtOptions.hmac(SECRET)))
            .authenticator(handshake -> Principal.user("custom-" + handshake.transport()))
            .start();
    try (HeraldClient client = HeraldClient.connect(custom.port())) {
      assertThat(client.connected().get("user").asText()).isEqualTo("custom-HERALD");
    } finally {
      custom.stop();
    }
  }
}
