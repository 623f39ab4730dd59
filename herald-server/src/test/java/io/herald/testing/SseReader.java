package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Server-Sent Events stream over a plain socket: the status and headers, then events parsed
 * as the WHATWG rules say (fields, comments, dispatch on a blank line), decoding the chunked
 * transfer coding. Also tells whether the stream ended with the last chunk. For tests.
 */
public final class SseReader implements AutoCloseable {
  /** One dispatched event; {@code id} is the stream's last event id at dispatch. */
  public record Event(String id, String event, String data) {}

  private final Socket socket;
  private final DataInputStream in;
  private final int status;
  private final Map<String, String> headers;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final List<String> comments = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private final boolean chunked;
  private String lastId;
  private Integer retry;
  private String body;
  private boolean ended;

  private SseReader(Socket socket, DataInputStream in, int status, Map<String, String> headers)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
    this.chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    if (status != 200) {
      String length = headers.get("content-length");
      byte[] bytes = new byte[length == null ? 0 : Integer.parseInt(length)];
      in.readFully(bytes);
      body = new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Opens {@code path} (with its query) with optional extra request headers. */
  public static SseReader open(int port, String path, Map<String, String> extraHeaders)
      throws IOException {
    return open(new Socket("127.0.0.1", port), path, extraHeaders);
  }

  /** Opens {@code path} over {@code socket}, already connected (e.g. a TLS socket). */
  public static SseReader open(Socket socket, String path, Map<String, String> extraHeaders)
      throws IOException {
    socket.setSoTimeout(10_000);
    StringBuilder request =
        new StringBuilder("GET ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
            .append(socket.getPort())
            .append("\r\nAccept: text/event-stream\r\n");
    extraHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    socket
        .getOutputStream()
        .write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int status = Integer.parseInt(line(in).split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    String header;
    while (!(header = line(in)).isEmpty()) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    return new SseReader(socket, in, status, headers);
  }

  public static SseReader open(int port, String path) throws IOException {
    return open(port, path, Map.of());
  }

  public int status() {
    return status;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The body of a non-200 answer. */
  public String body() {
    return body;
  }

  /** The last {@code retry:} value seen, or null. */
  public Integer retry() {
    return retry;
  }

  /** Comment lines seen so far (without the leading colon). */
  public List<String> comments() {
    return comments;
  }

  /** Reads until the next event is dispatched. */
  public Event next(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String eventType = null;
    StringBuilder data = null;
    while (true) {
      String line = nextLine(deadline);
      if (line.isEmpty()) {
        if (data != null) {
          String text = data.length() > 0 ? data.substring(0, data.length() - 1) : "";
          return new Event(lastId, eventType == null ? "message" : eventType, text);
        }
        eventType = null;
        continue;
      }
      if (line.startsWith(":")) {
        comments.add(line.substring(1).trim());
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> lastId = value;
        case "event" -> eventType = value;
        case "data" ->
            (data == null ? (data = new StringBuilder()) : data).append(value).append('\n');
        case "retry" -> retry = Integer.valueOf(value);
        default -> {}
      }
    }
  }

  /** Reads events until one with the given type arrives. */
  public Event next(String eventType, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = next(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (event.event().equals(eventType)) {
        return event;
      }
    }
  }

  /**
   * Waits for the stream to end: true if the server sent the last chunk and closed, false if the
   * connection was cut without it.
   */
  public boolean awaitEnd(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        nextLine(deadline);
      }
    } catch (EOFException e) {
      return ended;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private String nextLine(long deadline) throws IOException {
    while (lines.isEmpty()) {
      socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      fill();
    }
    return lines.poll();
  }

  private void fill() throws IOException {
    byte[] bytes;
    if (chunked) {
      String size = line(in);
      int length = Integer.parseInt(size.trim(), 16);
      if (length == 0) {
        line(in);
        ended = true;
        throw new EOFException("last chunk");
      }
      bytes = new byte[length];
      in.readFully(bytes);
      line(in);
    } else {
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      read.write(b);
      bytes = read.toByteArray();
    }
    partial.append(new String(bytes, StandardCharsets.UTF_8));
    int newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      String line = partial.substring(0, newline);
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      partial.delete(0, newline + 1);
    }
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1) {
      throw new EOFException();
    }
    return line.toString();
  }
}
