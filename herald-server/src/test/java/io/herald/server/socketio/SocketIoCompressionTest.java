package io.herald.server.socketio;

import static io.herald.server.socketio.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.server.Herald;
import io.herald.server.WebSocketOptions;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** permessage-deflate under Socket.IO: large events are compressed unless compress(false). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoCompressionTest {
  private static final Map<String, String> OFFER =
      Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
  private static final String BIG = "z".repeat(4000);
  private static final Map<String, Socket> SOCKETS = new ConcurrentHashMap<>();
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withWebSocket(
                            WebSocketOptions.DEFAULTS.withCompression(true, 256)))
                    .socketIo(io -> io.onConnection(s -> SOCKETS.put(s.id(), s))));
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void largeEventsAreCompressedUnlessCompressIsOff() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), SioClient.PATH, OFFER)) {
      assertThat(ws.responseHeaders().get("sec-websocket-extensions"))
          .startsWith("permessage-deflate");
      assertThat(ws.readText(Await.WAIT)).startsWith("0{");
      ws.sendText("40");
      String connect = ws.readText(Await.WAIT);
      String sid = HeraldClient.parse(connect.substring(2)).get("sid").asText();
      Socket socket = await().until(() -> SOCKETS.get(sid), s -> s != null);
      socket.join("big");
      // The server keeps its compression context (context takeover): one inflater for all.
      Inflater context = new Inflater(true);
      String expected = "42[\"big\",\"" + BIG + "\"]";

      socket.emit("big", BIG);
      RawWebSocket.Frame compressed = ws.read(Await.WAIT);
      assertThat(compressed.rsv1()).isTrue();
      assertThat(compressed.payload().length).isLessThan(1000);
      assertThat(inflate(context, compressed.payload())).isEqualTo(expected);

      socket.compress(false).emit("big", BIG);
      RawWebSocket.Frame plain = ws.read(Await.WAIT);
      assertThat(plain.rsv1()).isFalse();
      assertThat(plain.text()).isEqualTo(expected);

      herald.socketIo().to("big").emit("big", BIG);
      RawWebSocket.Frame broadcast = ws.read(Await.WAIT);
      assertThat(broadcast.rsv1()).isTrue();
      assertThat(inflate(context, broadcast.payload())).isEqualTo(expected);

      herald.socketIo().to("big").compress(false).emit("big", BIG);
      RawWebSocket.Frame plainBroadcast = ws.read(Await.WAIT);
      assertThat(plainBroadcast.rsv1()).isFalse();
      assertThat(plainBroadcast.text()).isEqualTo(expected);
    }
  }

  private static String inflate(Inflater inflater, byte[] payload) throws Exception {
    // RFC 7692 §7.2.2: append the 0x00 0x00 0xff 0xff tail the sender removed.
    byte[] input = Arrays.copyOf(payload, payload.length + 4);
    input[payload.length + 2] = (byte) 0xff;
    input[payload.length + 3] = (byte) 0xff;
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = inflater.inflate(buffer)) > 0) {
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
