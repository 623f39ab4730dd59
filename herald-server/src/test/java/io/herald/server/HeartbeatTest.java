package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WebSocket pings: a silent peer is closed within interval + timeout, a live one stays. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HeartbeatTest {
  private static final Duration INTERVAL = Duration.ofMillis(300);
  private static final Duration TIMEOUT = Duration.ofMillis(300);
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withWebSocket(
                            WebSocketOptions.DEFAULTS.withPing(INTERVAL, TIMEOUT)))
                    .websocket(
                        "/echo",
                        WebSocketEndpoint.builder().onText(WebSocketConnection::send).build()));
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void theServerPings() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo").answerPings(false)) {
      RawWebSocket.Frame ping = ws.read(Duration.ofSeconds(2));
      assertThat(ping.opcode()).isEqualTo(RawWebSocket.PING);
    }
  }

  @Test
  void aSilentPeerIsClosedWithinIntervalPlusTimeout() throws Exception {
    try (HeraldClient client = HeraldClient.connect(herald.port())) {
      client.subscribe("hb:" + System.nanoTime());
      RawWebSocket ws = client.socket().answerPings(false);
      long start = System.nanoTime();
      RawWebSocket.Frame close = ws.awaitClose(Duration.ofSeconds(5));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(close.closeCode()).isEqualTo(4000);
      assertThat(close.closeReason()).isEqualTo("heartbeat timeout");
      // interval + timeout, plus one sweep period (interval/10) of slack and scheduling noise
      assertThat(took).isLessThan(INTERVAL.plus(TIMEOUT).plus(Duration.ofMillis(250)));
      assertThat(ws.isClosedByServer(Duration.ofSeconds(5))).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> herald.connections("websocket") == 0);
  }

  @Test
  void aPeerThatAnswersPingsStaysOpen() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo")) {
      long until = System.nanoTime() + INTERVAL.plus(TIMEOUT).multipliedBy(4).toNanos();
      while (System.nanoTime() < until) {
        ws.sendText("still here?");
        assertThat(ws.readText(Duration.ofSeconds(2))).isEqualTo("still here?");
        // Reading answers the pings that arrive meanwhile.
        try {
          ws.read(INTERVAL);
        } catch (java.net.SocketTimeoutException quiet) {
          // nothing but pings arrived
        }
      }
      ws.sendText("alive");
      assertThat(ws.readText(Duration.ofSeconds(2))).isEqualTo("alive");
    }
  }
}
