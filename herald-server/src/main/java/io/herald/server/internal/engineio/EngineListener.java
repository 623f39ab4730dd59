package io.herald.server.internal.engineio;

/**
 * What sits on an Engine.IO session: a Socket.IO connection, or an application's raw Engine.IO
 * endpoint. Every method is called on the session's event loop.
 */
public interface EngineListener {
  /** A text message packet arrived (the payload after the type character). */
  void onText(String text);

  /** A binary message packet arrived. */
  void onBinary(byte[] data);

  /**
   * The session ended; nothing more can be sent.
   *
   * @param reason as the Node server names it: {@code transport close}, {@code transport error},
   *     {@code ping timeout}, {@code forced close}, {@code server shutting down}
   */
  void onClose(String reason);
}
