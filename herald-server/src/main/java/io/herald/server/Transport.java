package io.herald.server;

/**
 * The transport a connection arrives on, as the {@link Authenticator} sees it in {@link Handshake}.
 */
public enum Transport {
  /** The Herald channel protocol over WebSocket, at {@code /herald}. */
  HERALD,
  /** An application WebSocket endpoint ({@link HeraldBuilder#websocket}). */
  WEBSOCKET,
  /** A Server-Sent Events stream, at {@code /sse}. */
  SSE,
  /** A (long-)poll, at {@code /poll}. */
  POLL,
  /** The handshake of a raw Engine.IO endpoint ({@link HeraldBuilder#engineIo}). */
  ENGINE_IO,
  /**
   * The Engine.IO handshake under the Socket.IO server, and each namespace CONNECT ({@link
   * Authenticator#authenticateSocketIo}).
   */
  SOCKET_IO
}
