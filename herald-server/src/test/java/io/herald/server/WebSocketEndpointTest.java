package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Application WebSocket endpoints (the {@code ws} style) and upgrade routing by path. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebSocketEndpointTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final List<String> events = new CopyOnWriteArrayList<>();
  private static Herald herald;
  private static int port;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.websocket(
                        "/echo",
                        WebSocketEndpoint.builder()
                            .onOpen(c -> events.add("open " + c.id()))
                            .onText(
                                (c, text) -> {
                                  if (text.equals("close-me")) {
                                    c.close(4001, "asked to");
                                  } else {
                                    c.send(text);
                                  }
                                })
                            .onBinary((c, data) -> c.send(data))
                            .onClose(
                                (c, code, reason) -> events.add("close " + c.id() + " " + code))
                            .build())
                    .websocket(
                        "/room",
                        WebSocketEndpoint.builder()
                            .onText(
                                (c, text) ->
                                    c.broadcast(c.handshake().queryParam("name") + ": " + text))
                            .build())
                    .websocket(
                        "/text-only",
                        WebSocketEndpoint.builder().onText((c, text) -> c.send(text)).build()));
    port = herald.port();
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void echoesTextAndBinaryAndReportsOpenAndClose() throws Exception {
    String id;
    try (RawWebSocket ws = RawWebSocket.connect(port, "/echo")) {
      ws.sendText("héllo");
      assertThat(ws.readText(WAIT)).isEqualTo("héllo");
      ws.sendBinary(new byte[] {0, 1, 2, (byte) 255});
      RawWebSocket.Frame binary = ws.read(WAIT);
      assertThat(binary.opcode()).isEqualTo(RawWebSocket.BINARY);
      assertThat(binary.payload()).containsExactly(0, 1, 2, 255);
      await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.startsWith("open ")));
      id =
          events.stream()
              .filter(e -> e.startsWith("open "))
              .reduce((a, b) -> b)
              .orElseThrow()
              .substring(5);
      ws.sendClose(1000, "done");
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1000);
    }
    await().atMost(WAIT).until(() -> events.contains("close " + id + " 1000"));
  }

  @Test
  void applicationCloseCodeReachesTheClient() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, "/echo")) {
      ws.sendText("close-me");
      RawWebSocket.Frame close = ws.awaitClose(WAIT);
      assertThat(close.closeCode()).isEqualTo(4001);
      assertThat(close.closeReason()).isEqualTo("asked to");
    }
  }

  @Test
  void broadcastReachesTheOthersOnly() throws Exception {
    try (RawWebSocket ada = RawWebSocket.connect(port, "/room?name=ada");
        RawWebSocket bob = RawWebSocket.connect(port, "/room?name=bob");
        RawWebSocket eve = RawWebSocket.connect(port, "/room?name=eve")) {
      await().atMost(WAIT).until(() -> herald.connections("websocket") >= 3);
      ada.sendText("hi all");
      assertThat(bob.readText(WAIT)).isEqualTo("ada: hi all");
      assertThat(eve.readText(WAIT)).isEqualTo("ada: hi all");
      assertThatThrownBy(() -> ada.read(Duration.ofMillis(300)))
          .isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void unsupportedMessageTypeClosesWith1003() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(port, "/text-only")) {
      ws.sendBinary("x".getBytes(StandardCharsets.UTF_8));
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1003);
    }
  }

  @Test
  void upgradeToAnUnknownPathIs404AndClosed() throws Exception {
    assertThatThrownBy(() -> RawWebSocket.connect(port, "/nowhere"))
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            e -> {
              assertThat(e.refusal().status()).isEqualTo(404);
              assertThat(e.refusal().headers().get("connection")).isEqualTo("close");
              assertThat(e.refusal().body()).contains("\"error\":\"not_found\"");
            });
  }

  @Test
  void badHandshakesAreRefusedBeforeAnyUpgrade() throws Exception {
    assertThatThrownBy(
            () -> RawWebSocket.connect(port, "/echo", Map.of("Sec-WebSocket-Version", "8")))
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            e -> {
              assertThat(e.refusal().status()).isEqualTo(426);
              assertThat(e.refusal().headers().get("sec-websocket-version")).isEqualTo("13");
            });
    assertThatThrownBy(
            () -> RawWebSocket.connect(port, "/echo", Map.of("Connection", "keep-alive")))
        .isInstanceOfSatisfying(
            RawWebSocket.RefusedException.class,
            e -> assertThat(e.refusal().status()).isEqualTo(400));
    String plainGet = new io.herald.testing.Http(port).get("/echo").body();
    assertThat(HeraldClient.parse(plainGet).get("error").asText()).isEqualTo("bad_request");
  }

  @Test
  void closeCodesAreChecked() throws Exception {
    WebSocketConnection[] captured = new WebSocketConnection[1];
    try (Herald other =
            TestHerald.start(
                b ->
                    b.websocket(
                        "/x", WebSocketEndpoint.builder().onOpen(c -> captured[0] = c).build()));
        RawWebSocket ws = RawWebSocket.connect(other.port(), "/x")) {
      await().atMost(WAIT).until(() -> captured[0] != null);
      assertThatThrownBy(() -> captured[0].close(1011, "x"))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> captured[0].close(4000, "r".repeat(124)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(ws.socket().isClosed()).isFalse();
    }
  }
}
