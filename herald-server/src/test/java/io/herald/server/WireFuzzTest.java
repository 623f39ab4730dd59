package io.herald.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.testing.RawWebSocket;
import io.herald.testing.TestHerald;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes a running server over real sockets on 127.0.0.1 with Jazzer: HTTP requests on every
 * endpoint, and WebSocket frames after a valid upgrade of {@code /herald} or Socket.IO. The
 * invariant: every request is answered in time, never with a 5xx, and every refusal is a 4xx with a
 * JSON {@code error}; every close the server sends carries a protocol code, never 1011; and the
 * server keeps answering a well-behaved client. LeakGuard fails the class on a leaked buffer.
 *
 * <p>An input whose first byte is even is an HTTP request head as sent (a blank line is added;
 * {@code Content-Length}, {@code Transfer-Encoding} and {@code Expect} lines are dropped, so the
 * server never waits for a body). An odd first byte is a WebSocket session: the second byte picks
 * {@code /herald} or Socket.IO (bit 0) and offers permessage-deflate (bit 1), the rest is sent as
 * raw bytes after the upgrade, followed by a close frame. Without {@code JAZZER_FUZZ} only the seed
 * corpus in {@code WireFuzzTestInputs/wire} runs (docs/security.md, "Fuzzing").
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WireFuzzTest {
  private static final Duration ANSWER = Duration.ofSeconds(5);
  private static final Duration CLOSE = Duration.ofMillis(250);
  private static final int CHECK_EVERY = 64;
  private static final Set<Integer> CLOSE_CODES = Set.of(1000, 1002, 1003, 1005, 1007, 1008, 1009);
  private static final List<String> DROPPED_HEADERS =
      List.of("content-length", "transfer-encoding", "expect");
  private static final Map<String, String> DEFLATE =
      Map.of("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
  private static Herald herald;

  private static int runs;

  @BeforeAll
  static void start() {
    HeraldConfig config =
        // Thousands of connections from 127.0.0.1: no per-IP rates or caps. A short poll wait,
        // so that a valid long poll is answered before the test's read times out.
        TestHerald.CONFIG
            .withLimits(LimitOptions.DEFAULTS.withoutRateLimits())
            .withPoll(new PollOptions(Duration.ofMillis(200)))
            .withWebSocket(WebSocketOptions.DEFAULTS.withCompression(true, 64));
    herald =
        TestHerald.start(
            b ->
                b.config(config)
                    .socketIo(io -> io.onConnection(socket -> socket.on("echo", (a, ack) -> {}))));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      assertStillServing();
    } finally {
      herald.stop();
    }
  }

  @FuzzTest(maxDuration = "12s")
  void wire(byte[] input) throws Exception {
    if (input.length < 2) {
      return;
    }
    if (input[0] % 2 == 0) {
      request(Arrays.copyOfRange(input, 1, input.length));
    } else {
      webSocket(input[1], Arrays.copyOfRange(input, 2, input.length));
    }
    if (++runs % CHECK_EVERY == 0) {
      assertStillServing();
    }
  }

  private static void request(byte[] raw) throws IOException {
    byte[] head = head(raw);
    if (head == null) {
      return;
    }
    try (Socket socket = connect()) {
      socket.getOutputStream().write(head);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      String status;
      try {
        status = line(in);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer to " + printable(head), e);
      }
      assertThat(status)
          .as("status line for %s", printable(head))
          .matches("HTTP/1\\.[01] \\d{3} .*");
      int code = Integer.parseInt(status.substring(9, 12));
      assertThat(code).as("status for %s", printable(head)).isLessThan(500);
      if (code >= 400) {
        assertJsonError(in, printable(head));
      }
    }
  }

  /** The request head with the dropped headers removed and a blank line added, or null. */
  private static byte[] head(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end >= 0) {
      // Anything after the first blank line would be a body or a pipelined request.
      text = text.substring(0, end);
    }
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\r?\n", -1)) {
      String lower = line.toLowerCase(Locale.ROOT).trim();
      if (line.isEmpty() || DROPPED_HEADERS.stream().anyMatch(lower::startsWith)) {
        continue;
      }
      out.append(line).append("\r\n");
    }
    if (out.chars().allMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      // Netty skips control characters and white space before a request line and waits for one:
      // there is nothing to answer yet.
      return null;
    }
    out.append("\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void assertJsonError(DataInputStream in, String request) throws IOException {
    int length = -1;
    String contentType = null;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      String lower = header.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      } else if (lower.startsWith("content-type:")) {
        contentType = lower.substring(13).trim();
      }
    }
    assertThat(contentType).as("content type for %s", request).startsWith("application/json");
    assertThat(length).as("content length for %s", request).isPositive();
    byte[] body = new byte[length];
    in.readFully(body);
    // Engine.IO answers as Node's engine.io does ({"code":N,"message":…}), Herald with its codes.
    assertThat(new String(body, StandardCharsets.UTF_8))
        .as("error body for %s", request)
        .contains("\"message\":\"")
        .containsAnyOf("\"error\":\"", "\"code\":");
  }

  private static void webSocket(byte options, byte[] bytes) throws IOException {
    String path = (options & 1) == 0 ? "/herald" : "/socket.io/?EIO=4&transport=websocket";
    Map<String, String> headers = (options & 2) == 0 ? Map.of() : DEFLATE;
    try (RawWebSocket ws = RawWebSocket.connect(herald.port(), path, headers)) {
      ws.sendRaw(bytes);
      ws.sendClose(1000, "");
      RawWebSocket.Frame close;
      try {
        close = ws.awaitClose(CLOSE);
      } catch (SocketTimeoutException e) {
        // The bytes ended inside a frame, which then took in our close frame: the server waits
        // for the rest, as it should.
        return;
      } catch (IOException e) {
        // A frame the server sends after its close (it may answer a ping it read first).
        return;
      }
      assertThat(close.closeCode())
          .as("close code after %s on %s", printable(bytes), path)
          .isIn(CLOSE_CODES);
    }
  }

  /** A well-behaved poll is answered with 200 and a JSON body. */
  private static void assertStillServing() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              "GET /poll?channel=wire-check HTTP/1.1\r\nHost: x\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(socket.getInputStream());
      assertThat(line(in)).startsWith("HTTP/1.1 200 ");
      int length = -1;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      byte[] body = new byte[length];
      in.readFully(body);
      assertThat(new String(body, StandardCharsets.UTF_8)).startsWith("{\"messages\":[");
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", herald.port()), 5000);
    socket.setSoTimeout((int) ANSWER.toMillis());
    return socket;
  }

  private static String line(DataInputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new java.io.EOFException("connection closed; read: " + line);
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return out.toString();
  }
}
