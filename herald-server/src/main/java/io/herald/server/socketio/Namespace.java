package io.herald.server.socketio;

/**
 * A Socket.IO namespace ({@code "/"}, {@code "/admin"}…): its middlewares, its connection handlers,
 * and a broadcast operator over all its sockets. Thread-safe.
 */
public interface Namespace extends BroadcastOperator {
  String name();

  /** Adds a middleware run before sockets join this namespace (after the server's). */
  Namespace use(Middleware middleware);

  /** Adds a handler for sockets joining this namespace. */
  Namespace onConnection(ConnectionHandler handler);
}
