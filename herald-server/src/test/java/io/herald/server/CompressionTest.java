package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** permessage-deflate (RFC 7692): off by default; when on, above the threshold, both ways. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompressionTest {
  private static final Map<String, String> OFFER =
      Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static Herald herald;

  @BeforeAll
  static void start() {
    herald =
        TestHerald.start(
            b ->
                b.config(
                        TestHerald.CONFIG.withWebSocket(
                            WebSocketOptions.DEFAULTS.withCompression(true, 256)))
                    .websocket(
                        "/echo",
                        WebSocketEndpoint.builder().onText(WebSocketConnection::send).build()));
  }

  @AfterAll
  static void stop() {
    herald.stop();
  }

  @Test
  void offByDefault() throws Exception {
    try (Herald plain = TestHerald.start();
        RawWebSocket ws = RawWebSocket.connect(plain.port(), "/herald", OFFER)) {
      assertThat(ws.responseHeaders()).doesNotContainKey("sec-websocket-extensions");
    }
  }

  @Test
  void largeMessagesAreCompressedSmallOnesAreNot() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/herald", OFFER)) {
      assertThat(ws.responseHeaders().get("sec-websocket-extensions"))
          .startsWith("permessage-deflate");
      RawWebSocket.Frame connected = ws.read(WAIT);
      assertThat(connected.rsv1()).isFalse();
      ws.sendText("{\"op\":\"subscribe\",\"channel\":\"z\"}");
      ws.read(WAIT);
      String big = "y".repeat(4000);
      herald.publish("z", "big", big).toCompletableFuture().get();
      RawWebSocket.Frame compressed = ws.read(WAIT);
      assertThat(compressed.rsv1()).isTrue();
      assertThat(compressed.payload().length).isLessThan(1000);
      // The server keeps its compression context between messages (context takeover), so one
      // inflater decodes the whole connection.
      Inflater context = new Inflater(true);
      String json = new String(inflate(context, compressed.payload()), StandardCharsets.UTF_8);
      assertThat(HeraldClient.parse(json).get("data").asText()).isEqualTo(big);
      herald.publish("z", "small", "s").toCompletableFuture().get();
      RawWebSocket.Frame plain = ws.read(WAIT);
      assertThat(plain.rsv1()).isFalse();
      assertThat(HeraldClient.parse(plain.text()).get("data").asText()).isEqualTo("s");
      // The next large one decodes with the same context.
      herald.publish("z", "big", big + "!").toCompletableFuture().get();
      String next = new String(inflate(context, ws.read(WAIT).payload()), StandardCharsets.UTF_8);
      assertThat(HeraldClient.parse(next).get("data").asText()).isEqualTo(big + "!");
    }
  }

  @Test
  void compressedClientMessagesAreInflated() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo", OFFER)) {
      String text = "hello ".repeat(100);
      ws.sendFrame(RawWebSocket.TEXT, deflate(text.getBytes(StandardCharsets.UTF_8)), true, 4);
      RawWebSocket.Frame echo = ws.read(WAIT);
      String received = echo.rsv1() ? inflate(echo.payload()) : echo.text();
      assertThat(received).isEqualTo(text);
    }
  }

  @Test
  void aDecompressionBombIsCutOffAtTheLimit() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo", OFFER)) {
      byte[] zeros = new byte[4 << 20];
      Arrays.fill(zeros, (byte) 'a');
      byte[] bomb = deflate(zeros);
      assertThat(bomb.length).isLessThan(64 << 10);
      ws.sendFrame(RawWebSocket.TEXT, bomb, true, 4);
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void aCompressedFrameThatInflatesToNothingIsInvalidData() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo", OFFER)) {
      // An empty fixed-Huffman block: valid deflate, but no data at all.
      ws.sendFrame(RawWebSocket.TEXT, new byte[] {0x02, 0x00}, true, 4);
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void aCompressedFrameThatIsNotDeflateIsInvalidData() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo", OFFER)) {
      ws.sendFrame(RawWebSocket.TEXT, new byte[] {(byte) 0xff, 0x13, 0x37, 0x00}, true, 4);
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1007);
    }
  }

  @Test
  void aCompressedFrameWithInvalidUtf8IsInvalidData() throws Exception {
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), "/echo", OFFER)) {
      ws.sendFrame(RawWebSocket.TEXT, deflate(new byte[] {(byte) 0xc3, 0x28}), true, 4);
      assertThat(ws.awaitClose(WAIT).closeCode()).isEqualTo(1007);
    }
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
      out.write(buffer, 0, n);
    }
    deflater.end();
    byte[] bytes = out.toByteArray();
    // RFC 7692 §7.2.1: drop the 0x00 0x00 0xff 0xff tail of the sync flush.
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  private static String inflate(byte[] payload) throws Exception {
    return new String(inflate(new Inflater(true), payload), StandardCharsets.UTF_8);
  }

  private static byte[] inflate(Inflater inflater, byte[] payload) throws Exception {
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
    return out.toByteArray();
  }
}
