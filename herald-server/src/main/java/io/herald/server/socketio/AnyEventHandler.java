package io.herald.server.socketio;

/** Sees every event a socket receives (Node's {@code socket.onAny}); same thread as handlers. */
@FunctionalInterface
public interface AnyEventHandler {
  void onEvent(String event, Arguments args) throws Exception;
}
