package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Engine.IO v4 heartbeat: the server pings every pingInterval and gives up pingTimeout later. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoHeartbeatTest {
  private static final Duration PING_INTERVAL = Duration.ofMillis(300);
  private static final Duration PING_TIMEOUT = Duration.ofMillis(1000);
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final EchoEndpoint ECHO = new EchoEndpoint();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.engineIo(
                    "/engine.io/",
                    ECHO.build(EngineIoOptions.DEFAULTS.withPing(PING_INTERVAL, PING_TIMEOUT))));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void pollingSessionsArePingedAndKeptAliveByPongs() throws Exception {
    long opening = System.nanoTime();
    EioPolling session = EioPolling.open(port, "/engine.io/");
    assertThat(session.handshake().get("pingInterval").asLong()).isEqualTo(300);
    assertThat(session.handshake().get("pingTimeout").asLong()).isEqualTo(1000);
    assertThat(session.get().body()).isEqualTo("2");
    // The first ping comes pingInterval after the session opened.
    assertThat(Duration.ofNanos(System.nanoTime() - opening))
        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
    // Each pong earns the next ping: the session outlives several timeouts.
    for (int i = 0; i < 3; i++) {
      assertThat(session.post("3").body()).isEqualTo("ok");
      assertThat(session.get().body()).isEqualTo("2");
    }
    assertThat(ECHO.closeReason(session.sid())).isNull();
  }

  @Test
  void aPollingSessionWithoutPongIsClosed() throws Exception {
    EioPolling session = EioPolling.open(port, "/engine.io/");
    assertThat(session.get().body()).isEqualTo("2");
    // No pong: within pingTimeout the session ends; a waiting poll is answered with a close packet.
    await()
        .until(
            () -> {
              HttpResponse<String> poll = session.get();
              return poll.statusCode() == 400
                  && HeraldClient.parse(poll.body()).get("code").asInt() == 1;
            });
    assertThat(ECHO.awaitClosed(session.sid())).isEqualTo("ping timeout");
  }

  @Test
  void webSocketSessionsArePingedAndClosedWithoutPong() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, "/engine.io/?EIO=4&transport=websocket")) {
      String sid = HeraldClient.parse(ws.readText(WAIT).substring(1)).get("sid").asText();
      for (int i = 0; i < 3; i++) {
        assertThat(ws.readText(WAIT)).isEqualTo("2");
        ws.sendText("3");
      }
      assertThat(ws.readText(WAIT)).isEqualTo("2");
      long pinged = System.nanoTime();
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1000);
      assertThat(Duration.ofNanos(System.nanoTime() - pinged))
          .isGreaterThan(Duration.ofMillis(500));
      assertThat(ECHO.awaitClosed(sid)).isEqualTo("ping timeout");
    }
  }
}
