package io.herald.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.HeraldClient;
import io.herald.testing.RawWebSocket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A Socket.IO v5 client over {@link RawWebSocket} (Engine.IO over WebSocket only): sends and reads
 * Socket.IO packets as Engine.IO message frames and answers the server's pings ({@code 2}) with
 * pongs ({@code 3}) while it reads. For tests.
 */
final class SioClient implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String PATH = "/socket.io/?EIO=4&transport=websocket";

  private final RawWebSocket ws;
  private final JsonNode open;
  private boolean answerPings = true;
  private String sid;

  private SioClient(RawWebSocket ws, JsonNode open) {
    this.ws = ws;
    this.open = open;
  }

  /** Opens an Engine.IO WebSocket session at {@code /socket.io/} and reads its open packet. */
  static SioClient open(int port) throws IOException {
    return open(port, "");
  }

  /** Like {@link #open(int)}, with {@code query} (e.g. {@code &token=…}) added to the URL. */
  static SioClient open(int port, String query) throws IOException {
    RawWebSocket ws = RawWebSocket.connect(port, PATH + query);
    try {
      String first = ws.readText(WAIT);
      if (!first.startsWith("0")) {
        throw new IOException("expected the Engine.IO open packet, got " + first);
      }
      return new SioClient(ws, HeraldClient.parse(first.substring(1)));
    } catch (IOException | RuntimeException e) {
      ws.close();
      throw e;
    }
  }

  /** Opens a connection and joins the main namespace (its socket id in {@link #sid()}). */
  static SioClient connected(int port) throws IOException {
    SioClient client = open(port);
    client.connect("/", null);
    return client;
  }

  /** The socket id of the last namespace joined. */
  String sid() {
    return sid;
  }

  RawWebSocket ws() {
    return ws;
  }

  /** The Engine.IO open packet. */
  JsonNode engineOpen() {
    return open;
  }

  /** Whether Engine.IO pings are answered while reading (default true). */
  SioClient answerPings(boolean answer) {
    this.answerPings = answer;
    return this;
  }

  /** Sends a Socket.IO packet, e.g. {@code 42["hi"]}, as an Engine.IO message. */
  void send(String packet) throws IOException {
    ws.sendText("4" + packet);
  }

  /** Sends a binary attachment. */
  void sendBinary(byte[] data) throws IOException {
    ws.sendBinary(data);
  }

  /**
   * Sends CONNECT for {@code namespace} with an optional auth payload and returns the answer's
   * payload: {@code {"sid":…}} when accepted; fails on CONNECT_ERROR or anything else.
   */
  JsonNode connect(String namespace, String auth) throws IOException {
    String prefix = namespace.equals("/") ? "" : namespace + ",";
    send("0" + prefix + (auth == null ? "" : auth));
    String answer = next();
    if (!answer.startsWith("0" + prefix)) {
      throw new IOException("expected CONNECT for " + namespace + ", got " + answer);
    }
    JsonNode payload = HeraldClient.parse(answer.substring(1 + prefix.length()));
    sid = payload.get("sid").asText();
    return payload;
  }

  /** The next Socket.IO text packet (without the Engine.IO {@code 4}). */
  String next() throws IOException {
    RawWebSocket.Frame frame = nextFrame(WAIT);
    if (frame.opcode() != RawWebSocket.TEXT || !frame.text().startsWith("4")) {
      throw new IOException("expected a message packet, got " + describe(frame));
    }
    return frame.text().substring(1);
  }

  /** The next binary attachment. */
  byte[] nextBinary() throws IOException {
    RawWebSocket.Frame frame = nextFrame(WAIT);
    if (frame.opcode() != RawWebSocket.BINARY) {
      throw new IOException("expected a binary frame, got " + describe(frame));
    }
    return frame.payload();
  }

  /** Reads until the next Engine.IO ping arrives (answering it); false if none in {@code wait}. */
  boolean awaitPing(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      RawWebSocket.Frame frame;
      try {
        frame = ws.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      } catch (SocketTimeoutException e) {
        return false;
      }
      if (frame.opcode() == RawWebSocket.TEXT && frame.text().equals("2")) {
        ws.sendText("3");
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the server closes the connection (close frame or TCP close) within {@code wait}; frames
   * read meanwhile are dropped and pings left unanswered.
   */
  boolean isClosedByServer(Duration wait) throws IOException {
    try {
      ws.awaitClose(wait);
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private RawWebSocket.Frame nextFrame(Duration wait) throws IOException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      RawWebSocket.Frame frame =
          ws.read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (frame.opcode() == RawWebSocket.TEXT && frame.text().equals("2")) {
        if (answerPings) {
          ws.sendText("3");
        }
        continue;
      }
      return frame;
    }
  }

  private static String describe(RawWebSocket.Frame frame) {
    return switch (frame.opcode()) {
      case RawWebSocket.TEXT -> "text " + frame.text();
      case RawWebSocket.BINARY -> "binary of " + frame.payload().length + " bytes";
      case RawWebSocket.CLOSE -> "close " + frame.closeCode();
      default -> "opcode " + frame.opcode();
    };
  }

  /** Closes the TCP connection abruptly (no close frame, no Engine.IO close packet). */
  @Override
  public void close() throws IOException {
    ws.close();
  }
}
