package io.herald.protocol.socketio;

import io.herald.protocol.ErrorCode;
import io.herald.protocol.ProtocolException;

/** The seven Socket.IO v5 packet types, written as one digit, {@code 0} to {@code 6}. */
public enum SocketIoPacketType {
  /** Asks to join a namespace (client), or grants it with the socket id (server). */
  CONNECT,
  /** Leaves a namespace. */
  DISCONNECT,
  /** An event: an array whose first element is the event name. */
  EVENT,
  /** The answer to an event sent with an ack id. */
  ACK,
  /** Refuses a {@link #CONNECT}. */
  CONNECT_ERROR,
  /** An {@link #EVENT} whose arguments include binary data, sent as attachments. */
  BINARY_EVENT,
  /** An {@link #ACK} whose arguments include binary data, sent as attachments. */
  BINARY_ACK;

  private static final SocketIoPacketType[] VALUES = values();

  /** The number this type is written as. */
  public int code() {
    return ordinal();
  }

  /**
   * The type written as {@code code}.
   *
   * @throws ProtocolException with {@link ErrorCode#INVALID_PACKET} when {@code code} is no type
   */
  public static SocketIoPacketType of(int code) {
    if (code < 0 || code >= VALUES.length) {
      throw new ProtocolException(
          ErrorCode.INVALID_PACKET, "unknown Socket.IO packet type " + code);
    }
    return VALUES[code];
  }

  /** Whether packets of this type carry binary attachments. */
  public boolean isBinary() {
    return this == BINARY_EVENT || this == BINARY_ACK;
  }
}
