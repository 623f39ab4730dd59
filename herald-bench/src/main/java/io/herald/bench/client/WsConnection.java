package io.herald.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The client end of one WebSocket connection, kept minimal so that the load generator spends its
 * CPU on the server's frames, not on decoding them: it performs the opening handshake itself (RFC
 * 6455 §4.1), then splits the byte stream into frames in place and hands each complete text message
 * to a {@link WsListener} as a slice of the receive buffer, without building strings. Partial
 * frames stay in the cumulation buffer until the rest arrives, so any split of the stream into TCP
 * reads gives the same frames. Outgoing frames are masked by Netty's {@code
 * WebSocket08FrameEncoder} placed before this handler.
 *
 * <p>Confined to the channel's event loop.
 */
public final class WsConnection extends ByteToMessageDecoder {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_HANDSHAKE = 16 * 1024;
  private static final long MAX_PAYLOAD = 16 << 20;
  private static final int OP_CONTINUATION = 0x0;
  private static final int OP_TEXT = 0x1;
  private static final int OP_BINARY = 0x2;
  private static final int OP_CLOSE = 0x8;
  private static final int OP_PING = 0x9;

  private final String hostHeader;
  private final String path;
  private final WsListener listener;
  private Channel channel;
  private String expectedAccept;
  private boolean open;
  private boolean closed;
  // A text message split into several frames (RFC 6455 §5.4) is reassembled here; servers under
  // test do not fragment, so this is the rare path.
  private ByteBuf fragments;
  private int fragmentedOpcode = -1;

  public WsConnection(String hostHeader, String path, WsListener listener) {
    this.hostHeader = hostHeader;
    this.path = path;
    this.listener = listener;
  }

  public Channel channel() {
    return channel;
  }

  public WsListener listener() {
    return listener;
  }

  public boolean isOpen() {
    return open && !closed && channel.isActive();
  }

  /** Writes one text frame without flushing. */
  public void write(byte[] utf8) {
    channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
  }

  /** Writes one text frame and flushes. */
  public void send(byte[] utf8) {
    channel.writeAndFlush(
        new TextWebSocketFrame(Unpooled.wrappedBuffer(utf8)), channel.voidPromise());
  }

  public void flush() {
    channel.flush();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    expectedAccept = accept(key);
    String request =
        "GET "
            + path
            + " HTTP/1.1\r\n"
            + "Host: "
            + hostHeader
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n\r\n";
    ctx.writeAndFlush(Unpooled.wrappedBuffer(request.getBytes(StandardCharsets.US_ASCII)));
    super.channelActive(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (closed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (!open && !handshake(ctx, in)) {
      return;
    }
    while (in.isReadable(2)) {
      int start = in.readerIndex();
      int b0 = in.getUnsignedByte(start);
      int b1 = in.getUnsignedByte(start + 1);
      int header = 2;
      long length = b1 & 0x7f;
      if (length == 126) {
        if (!in.isReadable(4)) {
          return;
        }
        length = in.getUnsignedShort(start + 2);
        header = 4;
      } else if (length == 127) {
        if (!in.isReadable(10)) {
          return;
        }
        length = in.getLong(start + 2);
        header = 10;
      }
      if ((b1 & 0x80) != 0) {
        fail(ctx, "masked frame from the server");
        return;
      }
      if (length < 0 || length > MAX_PAYLOAD) {
        fail(ctx, "frame of " + length + " bytes");
        return;
      }
      if (!in.isReadable(header + (int) length)) {
        return;
      }
      int payload = start + header;
      in.readerIndex(payload + (int) length);
      frame(ctx, (b0 & 0x80) != 0, b0 & 0x0f, in, payload, (int) length);
      if (closed) {
        in.skipBytes(in.readableBytes());
        return;
      }
    }
  }

  private void frame(
      ChannelHandlerContext ctx, boolean fin, int opcode, ByteBuf in, int index, int length) {
    switch (opcode) {
      case OP_TEXT, OP_BINARY -> {
        if (fin) {
          if (opcode == OP_TEXT) {
            listener.onText(this, in, index, length);
          }
        } else {
          fragmentedOpcode = opcode;
          fragments = Unpooled.buffer(length * 2);
          fragments.writeBytes(in, index, length);
        }
      }
      case OP_CONTINUATION -> {
        if (fragments == null) {
          fail(ctx, "continuation without a first frame");
          return;
        }
        fragments.writeBytes(in, index, length);
        if (fin) {
          ByteBuf whole = fragments;
          fragments = null;
          try {
            if (fragmentedOpcode == OP_TEXT) {
              listener.onText(this, whole, whole.readerIndex(), whole.readableBytes());
            }
          } finally {
            whole.release();
          }
        }
      }
      case OP_PING ->
          // RFC 6455 §5.5.2: answer with a pong carrying the same application data.
          ctx.writeAndFlush(new PongWebSocketFrame(in.retainedSlice(index, length)));
      case OP_CLOSE -> {
        int code = length >= 2 ? in.getUnsignedShort(index) : 1005;
        String reason =
            length > 2 ? in.toString(index + 2, length - 2, StandardCharsets.UTF_8) : "";
        closed = true;
        // RFC 6455 §5.5.1: echo the close, then let the server close the TCP connection.
        ctx.writeAndFlush(new CloseWebSocketFrame(code == 1005 ? 1000 : code, ""));
        listener.onClosed(this, code, reason);
      }
      default -> {
        // Pongs and reserved opcodes carry nothing for the benchmark.
      }
    }
  }

  /** Consumes the HTTP 101 response; returns true once the connection is open. */
  private boolean handshake(ChannelHandlerContext ctx, ByteBuf in) {
    int end = endOfHeaders(in);
    if (end < 0) {
      if (in.readableBytes() > MAX_HANDSHAKE) {
        fail(ctx, "handshake response too long");
      }
      return false;
    }
    int length = end - in.readerIndex() + 4;
    String response = in.readCharSequence(length, StandardCharsets.ISO_8859_1).toString();
    String[] lines = response.split("\r\n");
    if (!lines[0].startsWith("HTTP/1.1 101")) {
      fail(ctx, "handshake refused: " + lines[0]);
      return false;
    }
    String accept = null;
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon)
              .trim()
              .toLowerCase(Locale.ROOT)
              .equals("sec-websocket-accept")) {
        accept = line.substring(colon + 1).trim();
      }
    }
    if (!expectedAccept.equals(accept)) {
      fail(ctx, "bad Sec-WebSocket-Accept " + accept);
      return false;
    }
    open = true;
    listener.onOpen(this);
    return true;
  }

  private void fail(ChannelHandlerContext ctx, String why) {
    if (!closed) {
      closed = true;
      listener.onClosed(this, -1, why);
    }
    ctx.close();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    listener.onReadComplete(this);
    super.channelReadComplete(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
    if (!closed) {
      closed = true;
      listener.onClosed(this, 1006, "connection lost");
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx, String.valueOf(cause));
  }

  /** Index of the {@code CRLF CRLF} ending the response headers, or -1. */
  private static int endOfHeaders(ByteBuf in) {
    for (int i = in.readerIndex(), last = in.writerIndex() - 4; i <= last; i++) {
      if (in.getInt(i) == 0x0d0a0d0a) {
        return i;
      }
    }
    return -1;
  }

  private static String accept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JDK", e);
    }
  }
}
