package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine.IO v4 over WebSocket from the start: handshake, messages, close, refused upgrades. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoWebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PATH = "/engine.io/?EIO=4&transport=websocket";
  private static final EchoEndpoint ECHO = new EchoEndpoint();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald = TestHerald.start(b -> b.engineIo("/engine.io/", ECHO.build(EngineIoOptions.DEFAULTS)));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  /** Opens a WebSocket session and returns the open packet's JSON. */
  private static JsonNode openPacket(RawWebSocket ws) throws Exception {
    String open = ws.readText(WAIT);
    assertThat(open).startsWith("0");
    return HeraldClient.parse(open.substring(1));
  }

  @Test
  void handshakeOffersNoUpgrade() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, PATH)) {
      JsonNode open = openPacket(ws);
      assertThat(open.properties())
          .extracting(Map.Entry::getKey)
          .containsExactlyInAnyOrder(
              "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
      assertThat(open.get("sid").asText()).isNotBlank();
      assertThat(open.get("upgrades").toString()).isEqualTo("[]");
      assertThat(open.get("pingInterval").asLong()).isEqualTo(25_000);
      assertThat(open.get("pingTimeout").asLong()).isEqualTo(20_000);
      assertThat(open.get("maxPayload").asInt()).isEqualTo(1_000_000);
    }
  }

  @Test
  void textAndBinaryMessagesAreEchoed() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, PATH)) {
      String sid = openPacket(ws).get("sid").asText();
      ws.sendText("4hello");
      assertThat(ws.readText(WAIT)).isEqualTo("4hello");
      ws.sendBinary(new byte[] {1, 2, 3, 4});
      RawWebSocket.Frame binary = ws.read(WAIT);
      assertThat(binary.opcode()).isEqualTo(RawWebSocket.BINARY);
      assertThat(binary.payload()).containsExactly(1, 2, 3, 4);
      assertThat(ECHO.awaitReceived(sid, 2)).containsExactly("hello", "bAQIDBA==");
    }
  }

  @Test
  void aClosePacketClosesTheConnection() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, PATH)) {
      String sid = openPacket(ws).get("sid").asText();
      ws.sendText("1");
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1000);
      assertThat(ECHO.awaitClosed(sid)).isEqualTo("transport close");
    }
  }

  @Test
  void anInvalidPacketClosesWithAProtocolError() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, PATH)) {
      String sid = openPacket(ws).get("sid").asText();
      ws.sendText("x");
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1002);
      assertThat(ECHO.awaitClosed(sid)).isEqualTo("parse error");
    }
  }

  @Test
  void upgradesWithABadQueryAreRefused() {
    Map<String, String> refusals =
        Map.of(
            "/engine.io/?transport=websocket",
            "{\"code\":5,\"message\":\"Unsupported protocol version\"}",
            "/engine.io/?EIO=abc&transport=websocket",
            "{\"code\":5,\"message\":\"Unsupported protocol version\"}",
            "/engine.io/?EIO=3&transport=websocket",
            "{\"code\":5,\"message\":\"Unsupported protocol version\"}",
            "/engine.io/?EIO=4",
            "{\"code\":0,\"message\":\"Transport unknown\"}",
            "/engine.io/?EIO=4&transport=abc",
            "{\"code\":0,\"message\":\"Transport unknown\"}",
            "/engine.io/?EIO=4&transport=polling",
            "{\"code\":3,\"message\":\"Bad request\"}",
            PATH + "&sid=unknown",
            "{\"code\":1,\"message\":\"Session ID unknown\"}");
    refusals.forEach(
        (path, body) ->
            assertThatThrownBy(() -> RawWebSocket.connect(port, path).close())
                .as(path)
                .isInstanceOfSatisfying(
                    RawWebSocket.RefusedException.class,
                    e -> {
                      assertThat(e.refusal().status()).isEqualTo(400);
                      assertThat(e.refusal().body()).isEqualTo(body);
                    }));
  }
}
