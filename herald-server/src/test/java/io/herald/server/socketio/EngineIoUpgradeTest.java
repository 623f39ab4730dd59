package io.herald.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine.IO v4 upgrade from long-polling to WebSocket: probe, switch, and what comes after. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoUpgradeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
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

  private static RawWebSocket probe(EioPolling session) throws Exception {
    RawWebSocket ws =
        RawWebSocket.connect(port, "/engine.io/?EIO=4&transport=websocket&sid=" + session.sid());
    ws.sendText("2probe");
    assertThat(ws.readText(WAIT)).isEqualTo("3probe");
    return ws;
  }

  private static void assertBadRequest(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(HeraldClient.parse(response.body()).get("code").asInt()).isEqualTo(3);
  }

  @Test
  void probeThenUpgradeMovesTheSessionToWebSocket() throws Exception {
    EioPolling session = EioPolling.open(port, "/engine.io/");
    CompletableFuture<HttpResponse<String>> waiting = session.getAsync();
    try (RawWebSocket ws = probe(session)) {
      // The poll the client still had open is ended with a noop, so it can stop polling.
      assertThat(waiting.get(5, TimeUnit.SECONDS).body()).isEqualTo("6");
      ws.sendText("5");
      ws.sendText("4over websocket");
      assertThat(ws.readText(WAIT)).isEqualTo("4over websocket");
      ws.sendBinary(new byte[] {7, 8});
      assertThat(ws.read(WAIT).payload()).containsExactly(7, 8);
      assertThat(ECHO.awaitReceived(session.sid(), 2)).containsExactly("over websocket", "bBwg=");
      // Polling is over for this session.
      assertBadRequest(session.get());
      assertBadRequest(session.post("4late"));
      assertThat(ECHO.closeReason(session.sid())).isNull();
    }
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("transport close");
  }

  @Test
  void packetsQueuedForPollingArriveOverTheWebSocketInOrder() throws Exception {
    EioPolling session = EioPolling.open(port, "/engine.io/");
    assertThat(session.post("4one\u001e4two\u001ebAw==\u001e4three").body()).isEqualTo("ok");
    ECHO.awaitReceived(session.sid(), 4);
    try (RawWebSocket ws = probe(session)) {
      ws.sendText("5");
      assertThat(ws.readText(WAIT)).isEqualTo("4one");
      assertThat(ws.readText(WAIT)).isEqualTo("4two");
      RawWebSocket.Frame binary = ws.read(WAIT);
      assertThat(binary.opcode()).isEqualTo(RawWebSocket.BINARY);
      assertThat(binary.payload()).containsExactly(3);
      assertThat(ws.readText(WAIT)).isEqualTo("4three");
    }
  }

  @Test
  void aSecondWebSocketAfterTheUpgradeIsClosed() throws Exception {
    EioPolling session = EioPolling.open(port, "/engine.io/");
    try (RawWebSocket ws = probe(session)) {
      ws.sendText("5");
      ws.sendText("4upgraded");
      assertThat(ws.readText(WAIT)).isEqualTo("4upgraded");
      try (RawWebSocket second =
          RawWebSocket.connect(
              port, "/engine.io/?EIO=4&transport=websocket&sid=" + session.sid())) {
        assertThat(second.awaitClose(WAIT).closeCode()).isEqualTo(1000);
      }
      // The upgraded connection is not disturbed.
      ws.sendText("4still here");
      assertThat(ws.readText(WAIT)).isEqualTo("4still here");
    }
  }
}
