package io.herald.server.socketio;

/**
 * An event arrived from the client. Called on the socket's virtual thread, one event at a time in
 * arrival order; it may block (later events of the same socket wait, other sockets do not).
 */
@FunctionalInterface
public interface EventHandler {
  void onEvent(Arguments args, Ack ack) throws Exception;
}
