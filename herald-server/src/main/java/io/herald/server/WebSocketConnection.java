package io.herald.server;

import java.util.concurrent.ConcurrentMap;

/**
 * One connection to an application WebSocket endpoint. The send and close methods may be called
 * from any thread; they never block (writes are queued on the connection's event loop).
 */
public interface WebSocketConnection {
  /** This connection's id, unique per server. */
  String id();

  /** The upgrade request. */
  Handshake handshake();

  /** Who opened the connection. */
  Principal principal();

  /** Sends a text message. */
  void send(String text);

  /** Sends a binary message. */
  void send(byte[] data);

  /** Sends a text message to every other open connection of the same endpoint, encoded once. */
  void broadcast(String text);

  /** Sends a binary message to every other open connection of the same endpoint. */
  void broadcast(byte[] data);

  /** Closes with 1000. */
  void close();

  /** Closes with a code (1000, or 3000–4999 for application codes) and a short reason. */
  void close(int code, String reason);

  boolean isOpen();

  /** Application state attached to this connection; thread-safe. */
  ConcurrentMap<String, Object> attributes();
}
