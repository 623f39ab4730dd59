package io.herald.bench.client;

import io.netty.buffer.ByteBuf;

/** Receives what one {@link WsConnection} reads; every method runs on its event loop. */
public interface WsListener {
  /** The opening handshake completed; the connection may send. */
  default void onOpen(WsConnection connection) {}

  /**
   * A complete text message: {@code length} bytes of {@code buffer} from {@code index}. The bytes
   * are valid only during the call.
   */
  void onText(WsConnection connection, ByteBuf buffer, int index, int length);

  /** The end of one read from the socket (after any number of {@link #onText} calls). */
  default void onReadComplete(WsConnection connection) {}

  /**
   * The connection closed: {@code code} is the close code the server sent, 1006 if the TCP
   * connection ended without one, -1 if this client gave up on it ({@code reason} says why).
   */
  default void onClosed(WsConnection connection, int code, String reason) {}
}
