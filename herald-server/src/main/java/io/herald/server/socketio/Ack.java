package io.herald.server.socketio;

/**
 * Answers an event the client sent with an acknowledgement id. May be called from any thread, once;
 * later calls are ignored. For an event without an id, {@link #requested()} is false and {@link
 * #send} does nothing.
 */
public interface Ack {
  /** Whether the client asked for an acknowledgement. */
  boolean requested();

  /** Sends the acknowledgement with these arguments (see {@link Arguments#from}). */
  void send(Object... args);
}
