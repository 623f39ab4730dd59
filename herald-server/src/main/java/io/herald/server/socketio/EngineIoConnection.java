package io.herald.server.socketio;

import io.herald.server.Handshake;
import io.herald.server.Principal;

/**
 * One session of a raw Engine.IO endpoint. The send and close methods may be called from any thread
 * and never block.
 */
public interface EngineIoConnection {
  /** The session id. */
  String id();

  /** The request that opened the session. */
  Handshake handshake();

  /** Who opened it. */
  Principal principal();

  /** Sends a text message packet. */
  void send(String text);

  /** Sends a binary message packet. */
  void send(byte[] data);

  /** Closes the session. */
  void close();
}
