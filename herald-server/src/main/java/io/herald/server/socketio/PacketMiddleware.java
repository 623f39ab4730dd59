package io.herald.server.socketio;

/**
 * Runs before each event a socket receives reaches its handlers (Node's {@code socket.use}).
 * Throwing drops the event and passes the exception to the socket's error handler. Called on the
 * socket's virtual thread.
 */
@FunctionalInterface
public interface PacketMiddleware {
  void check(String event, Arguments args) throws Exception;
}
