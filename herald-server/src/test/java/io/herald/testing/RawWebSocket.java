package io.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket with full control of the frames it sends (masking,
 * opcodes, RSV bits, fragments, invalid payloads) and of whether it answers pings. For tests.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  /** One received frame. */
  public record Frame(int opcode, boolean fin, boolean rsv1, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame (1005 when it has none). */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    public String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }
  }

  /** The answer to a handshake that was not accepted. */
  public record Refusal(int status, Map<String, String> headers, String body) {}

  /** Thrown by {@link #connect} when the server does not answer 101. */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Refusal refusal;

    RefusedException(Refusal refusal) {
      super("handshake refused with HTTP " + refusal.status() + ": " + refusal.body());
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Map<String, String> responseHeaders;
  private boolean answerPings = true;

  private RawWebSocket(Socket socket, DataInputStream in, Map<String, String> responseHeaders)
      throws IOException {
    this.socket = socket;
    this.in = in;
    this.out = socket.getOutputStream();
    this.responseHeaders = responseHeaders;
  }

  public static RawWebSocket connect(int port, String path) throws IOException {
    return connect(port, path, Map.of());
  }

  /** Opens a connection and completes the handshake, or throws {@link RefusedException}. */
  public static RawWebSocket connect(int port, String path, Map<String, String> extraHeaders)
      throws IOException {
    return connect(port, path, extraHeaders, 0);
  }

  /**
   * Like {@link #connect(int, String, Map)} with a small socket receive buffer ({@code
   * receiveBuffer} bytes, 0 for the default), to play a client that reads slowly.
   */
  public static RawWebSocket connect(
      int port, String path, Map<String, String> extraHeaders, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    socket.setTcpNoDelay(true);
    return connect(socket, path, extraHeaders);
  }

  /**
   * Completes the handshake over {@code socket}, already connected to {@code 127.0.0.1} (e.g. a TLS
   * socket), or throws {@link RefusedException}.
   */
  public static RawWebSocket connect(Socket socket, String path, Map<String, String> extraHeaders)
      throws IOException {
    int port = socket.getPort();
    byte[] keyBytes = new byte[16];
    ThreadLocalRandom.current().nextBytes(keyBytes);
    String key = Base64.getEncoder().encodeToString(keyBytes);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + port);
    headers.put("Upgrade", "websocket");
    headers.put("Connection", "Upgrade");
    headers.put("Sec-WebSocket-Key", key);
    headers.put("Sec-WebSocket-Version", "13");
    headers.putAll(extraHeaders);
    StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String status = line(in);
    Map<String, String> responseHeaders = new LinkedHashMap<>();
    String header;
    while (!(header = line(in)).isEmpty()) {
      int colon = header.indexOf(':');
      responseHeaders.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    if (code != 101) {
      String body = "";
      String length = responseHeaders.get("content-length");
      if (length != null) {
        byte[] bytes = new byte[Integer.parseInt(length)];
        in.readFully(bytes);
        body = new String(bytes, StandardCharsets.UTF_8);
      }
      socket.close();
      throw new RefusedException(new Refusal(code, responseHeaders, body));
    }
    String expected = accept(key);
    if (!expected.equals(responseHeaders.get("sec-websocket-accept"))) {
      socket.close();
      throw new IOException(
          "bad Sec-WebSocket-Accept: " + responseHeaders.get("sec-websocket-accept"));
    }
    return new RawWebSocket(socket, in, responseHeaders);
  }

  /** Response headers of the handshake, names in lower case. */
  public Map<String, String> responseHeaders() {
    return responseHeaders;
  }

  /** Whether pings are answered (and hidden from {@link #read}); default true. */
  public RawWebSocket answerPings(boolean answer) {
    this.answerPings = answer;
    return this;
  }

  public void sendText(String text) throws IOException {
    sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8), true, 0);
  }

  public void sendBinary(byte[] data) throws IOException {
    sendFrame(BINARY, data, true, 0);
  }

  /** Sends one masked frame exactly as described; {@code rsv} is the three RSV bits (0–7). */
  public synchronized void sendFrame(int opcode, byte[] payload, boolean fin, int rsv)
      throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int length = payload.length;
    if (length < 126) {
      frame.write(0x80 | length);
    } else if (length < 65536) {
      frame.write(0x80 | 126);
      frame.write(length >>> 8);
      frame.write(length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    byte[] masked = new byte[length];
    for (int i = 0; i < length; i++) {
      masked[i] = (byte) (payload[i] ^ mask[i & 3]);
    }
    frame.write(masked);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Sends raw bytes (no framing), e.g. half a frame. */
  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends a close frame with a status code. */
  public void sendClose(int code, String reason) throws IOException {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    sendFrame(CLOSE, payload, true, 0);
  }

  /**
   * Reads the next frame, waiting at most {@code timeout}. Pings are answered and skipped while
   * {@link #answerPings} is on; pongs are skipped.
   *
   * @throws SocketTimeoutException if nothing arrives in time
   * @throws EOFException if the server closed the TCP connection
   */
  public Frame read(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
      Frame frame = readFrame();
      if (frame.opcode() == PING && answerPings) {
        sendFrame(PONG, frame.payload(), true, 0);
        continue;
      }
      if (frame.opcode() == PONG) {
        continue;
      }
      return frame;
    }
  }

  /** Reads the next text message (fails on any other frame). */
  public String readText(Duration timeout) throws IOException {
    Frame frame = read(timeout);
    if (frame.opcode() != TEXT) {
      throw new IOException(
          "expected a text frame, got opcode "
              + frame.opcode()
              + (frame.opcode() == CLOSE
                  ? " (close " + frame.closeCode() + " " + frame.closeReason() + ")"
                  : ""));
    }
    return frame.text();
  }

  /**
   * Reads until a close frame arrives (skipping data frames) and returns it; a TCP close without a
   * close frame is reported as code 1006.
   */
  public Frame awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame;
      try {
        frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      } catch (EOFException | java.net.SocketException e) {
        return new Frame(CLOSE, true, false, new byte[] {(byte) (1006 >>> 8), (byte) 1006});
      }
      if (frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** Whether the server has closed the TCP connection (reads to end, skipping frames). */
  public boolean isClosedByServer(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      }
    } catch (EOFException | java.net.SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
    return false;
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private Frame readFrame() throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    if ((b1 & 0x80) != 0) {
      throw new IOException("server frames must not be masked");
    }
    long length = b1 & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, (b0 & 0x40) != 0, payload);
  }

  private static String line(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1 && line.isEmpty()) {
      throw new EOFException("connection closed during the handshake");
    }
    return line.toString();
  }

  private static String accept(String key) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest =
          sha1.digest(
              (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
