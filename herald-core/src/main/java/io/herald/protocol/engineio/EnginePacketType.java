package io.herald.protocol.engineio;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.Names;
import io.herald.protocol.ProtocolException;

/**
 * The seven Engine.IO v4 packet types, each written as one ASCII digit ({@code '0'} for {@link
 * #OPEN} to {@code '6'} for {@link #NOOP}) in front of the packet's data.
 */
public enum EnginePacketType {
  /** Sent by the server to complete the handshake; carries the session parameters as JSON. */
  OPEN,
  /** Asks to close the transport. */
  CLOSE,
  /** Heartbeat request (sent by the server), or the {@code probe} of an upgrade. */
  PING,
  /** Heartbeat answer, or the answer to an upgrade {@code probe}. */
  PONG,
  /** Application data: text, or binary. */
  MESSAGE,
  /** Completes an upgrade to WebSocket. */
  UPGRADE,
  /** Does nothing; ends a pending poll during an upgrade. */
  NOOP;

  private static final EnginePacketType[] VALUES = values();

  /** The character this type is written as. */
  public char code() {
    return (char) ('0' + ordinal());
  }

  /**
   * The type written as {@code c}.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_PACKET} when {@code c} is no type
   */
  public static EnginePacketType of(char c) {
    int index = c - '0';
    if (index < 0 || index >= VALUES.length) {
      throw new ProtocolException(
          ErrorCode.INVALID_PACKET,
          "unknown Engine.IO packet type '" + Names.printable(String.valueOf(c), 1) + "'");
    }
    return VALUES[index];
  }
}
