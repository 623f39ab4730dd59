package io.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;

/** A test client of the Herald channel protocol over {@link RawWebSocket}. */
public final class HeraldClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RawWebSocket socket;
  private final JsonNode connected;

  private HeraldClient(RawWebSocket socket) throws IOException {
    this.socket = socket;
    this.connected = JSON.readTree(socket.readText(WAIT));
    if (!"connected".equals(connected.path("type").asText())) {
      throw new IOException("expected the connected frame, got " + connected);
    }
  }

  public static HeraldClient connect(int port) throws IOException {
    return connect(port, "/herald");
  }

  /** Connects to {@code pathAndQuery}, e.g. {@code /herald?token=…}. */
  public static HeraldClient connect(int port, String pathAndQuery) throws IOException {
    return new HeraldClient(RawWebSocket.connect(port, pathAndQuery));
  }

  /** A client over a WebSocket already connected to {@code /herald} (e.g. over TLS). */
  public static HeraldClient over(RawWebSocket socket) throws IOException {
    return new HeraldClient(socket);
  }

  public RawWebSocket socket() {
    return socket;
  }

  /** The {@code connected} frame. */
  public JsonNode connected() {
    return connected;
  }

  public String clientId() {
    return connected.get("client").asText();
  }

  /** Sends a frame given as JSON text. */
  public HeraldClient send(String json) throws IOException {
    socket.sendText(json);
    return this;
  }

  /** The next frame. */
  public JsonNode next() throws IOException {
    return JSON.readTree(socket.readText(WAIT));
  }

  /** The next frame of {@code type}, skipping others. */
  public JsonNode next(String type) throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode frame =
          JSON.readTree(
              socket.readText(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()))));
      if (type.equals(frame.path("type").asText())) {
        return frame;
      }
    }
  }

  /** Subscribes and returns the {@code subscribed} reply. */
  public JsonNode subscribe(String channel) throws IOException {
    send("{\"op\":\"subscribe\",\"channel\":\"" + channel + "\"}");
    return next("subscribed");
  }

  /** Publishes and returns the {@code ack}. */
  public JsonNode publish(String channel, String event, String dataJson) throws IOException {
    send(
        "{\"op\":\"publish\",\"id\":1,\"channel\":\""
            + channel
            + "\",\"event\":\""
            + event
            + "\",\"data\":"
            + dataJson
            + "}");
    return next("ack");
  }

  public static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
