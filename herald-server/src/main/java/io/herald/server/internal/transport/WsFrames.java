package io.herald.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Server-to-client WebSocket frames encoded once into one direct buffer (RFC 6455 §5.2: FIN,
 * opcode, unmasked length, payload), so that the same bytes can be written to any number of
 * connections without passing through a per-connection encoder.
 */
public final class WsFrames {
  /**
   * Name of the pipeline handler that encodes WebSocket frames (as named by Netty's handshaker).
   * Writing from its context skips it and every handler after it, which is how pre-encoded frames
   * reach the socket untouched.
   */
  public static final String RAW_CONTEXT = "wsencoder";

  public static final int OPCODE_TEXT = 0x1;
  public static final int OPCODE_BINARY = 0x2;
  private static final int OPCODE_PING = 0x9;

  /** A ping with no payload; shared, write {@code PING.duplicate()}. */
  public static final ByteBuf PING =
      Unpooled.unreleasableBuffer(
          Unpooled.directBuffer(2).writeByte(0x80 | OPCODE_PING).writeByte(0).asReadOnly());

  private WsFrames() {}

  /** A final frame with the given opcode and payload. */
  public static ByteBuf frame(ByteBufAllocator alloc, int opcode, byte[] payload) {
    int header = headerLength(payload.length);
    ByteBuf buf = alloc.directBuffer(header + payload.length);
    writeHeader(buf, opcode, payload.length);
    return buf.writeBytes(payload);
  }

  /** A final frame around the readable bytes of {@code payload}. */
  public static ByteBuf frame(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
    int length = payload.readableBytes();
    ByteBuf buf = alloc.directBuffer(headerLength(length) + length);
    writeHeader(buf, opcode, length);
    return buf.writeBytes(payload, payload.readerIndex(), length);
  }

  /** Size of the header of an unmasked frame with a payload of {@code length} bytes. */
  public static int headerLength(int length) {
    return length < 126 ? 2 : length < 65536 ? 4 : 10;
  }

  /** Size of the header of an encoded frame. */
  public static int headerLength(ByteBuf frame) {
    int length7 = frame.getByte(frame.readerIndex() + 1) & 0x7f;
    return length7 < 126 ? 2 : length7 == 126 ? 4 : 10;
  }

  /** The opcode of an encoded frame. */
  public static int opcode(ByteBuf frame) {
    return frame.getByte(frame.readerIndex()) & 0x0f;
  }

  private static void writeHeader(ByteBuf buf, int opcode, int length) {
    buf.writeByte(0x80 | opcode);
    if (length < 126) {
      buf.writeByte(length);
    } else if (length < 65536) {
      buf.writeByte(126).writeShort(length);
    } else {
      buf.writeByte(127).writeLong(length);
    }
  }
}
