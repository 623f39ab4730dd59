package io.herald.server;

import static io.herald.testing.Tokens.hs256;
import static io.herald.testing.Tokens.shortLived;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.SseReader;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection ends when its credentials expire, over real sockets: a WebSocket closes with 4001,
 * an event stream sends {@code herald.error} and ends; connections with lasting credentials stay,
 * and the expired token is refused from then on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenExpiryTest {
  private static final Duration WAIT = Duration.ofSeconds(6);

  private static Herald jwt;
  private static Herald custom;

  @BeforeAll
  static void start() {
    jwt =
        Herald.builder()
            .config(
                TestHerald.CONFIG.withJwt(
                    JwtOptions.hmac(io.herald.testing.Tokens.SECRET).withClockSkew(Duration.ZERO)))
            .websocket(
                "/echo", WebSocketEndpoint.builder().onText(WebSocketConnection::send).build())
            .start();
    custom =
        TestHerald.start(
            b ->
                b.authenticator(
                    handshake -> Principal.user("cy").withExpiry(Instant.now().plusMillis(500))));
  }

  @AfterAll
  static void stop() {
    jwt.stop();
    custom.stop();
  }

  @Test
  void theHeraldWebSocketClosesWith4001AndOthersStay() throws Exception {
    String token = shortLived("amy");
    try (HeraldClient expiring = HeraldClient.connect(jwt.port(), "/herald?token=" + token);
        HeraldClient lasting = HeraldClient.connect(jwt.port(), "/herald?token=" + hs256("bob"))) {
      // Until it expires the connection works like any other.
      assertThat(expiring.subscribe("expiry").path("type").asText()).isEqualTo("subscribed");
      lasting.subscribe("expiry");

      RawWebSocket.Frame close = expiring.socket().awaitClose(WAIT);
      assertThat(close.closeCode()).isEqualTo(4001);
      assertThat(close.closeReason()).isEqualTo("token expired: reconnect with a fresh token");

      lasting.publish("expiry", "after", "1");
      JsonNode message = lasting.next("message");
      assertThat(message.get("event").asText()).isEqualTo("after");
    }
    assertThatThrownBy(() -> RawWebSocket.connect(jwt.port(), "/herald?token=" + token))
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            e -> {
              assertThat(e.refusal().status()).isEqualTo(401);
              assertThat(e.refusal().body())
                  .isEqualTo("{\"error\":\"unauthorized\",\"message\":\"the token has expired\"}");
            });
  }

  @Test
  void anApplicationEndpointClosesWith4001() throws Exception {
    try (RawWebSocket socket =
        RawWebSocket.connect(
            jwt.port(), "/echo", Map.of("Authorization", "Bearer " + shortLived("dan")))) {
      socket.sendText("still here");
      assertThat(socket.readText(WAIT)).isEqualTo("still here");
      assertThat(socket.awaitClose(WAIT).closeCode()).isEqualTo(4001);
    }
  }

  @Test
  void anEventStreamSendsTheReasonThenEnds() throws Exception {
    try (SseReader sse =
        SseReader.open(jwt.port(), "/sse?channel=expiry-sse&token=" + shortLived("eve"))) {
      assertThat(sse.next(WAIT).event()).isEqualTo("herald.subscribed");
      SseReader.Event error = sse.next("herald.error", WAIT);
      assertThat(HeraldClient.parse(error.data()).get("error").asText()).isEqualTo("token_expired");
      assertThat(sse.awaitEnd(WAIT)).as("the stream ends with its last chunk").isTrue();
    }
  }

  @Test
  void anAuthenticatorsOwnExpiryEndsTheConnection() throws Exception {
    try (HeraldClient client = HeraldClient.connect(custom.port())) {
      assertThat(client.socket().awaitClose(WAIT).closeCode()).isEqualTo(4001);
    }
  }

  @Test
  void credentialsAlreadyExpiredAreRefusedBeforeTheUpgrade() throws Exception {
    try (Herald expired =
        TestHerald.start(
            b ->
                b.authenticator(
                    handshake ->
                        Principal.user("zed").withExpiry(Instant.now().minusSeconds(1))))) {
      assertThatThrownBy(() -> HeraldClient.connect(expired.port()))
          .isInstanceOfSatisfying(
              RawWebSocket.RefusedException.class,
              e -> {
                assertThat(e.refusal().status()).isEqualTo(401);
                assertThat(e.refusal().body())
                    .isEqualTo(
                        "{\"error\":\"token_expired\",\"message\":\"the credentials have expired\"}");
              });
    }
  }
}
