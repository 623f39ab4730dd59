package io.herald.server.socketio;

/**
 * Runs before a socket joins a namespace (Node's {@code io.use}). Throw {@link SocketIoException}
 * to refuse: the client gets CONNECT_ERROR {@code {message, data}}; any other exception refuses
 * with the message {@code "server error"}. Called on a virtual thread; it may block.
 */
@FunctionalInterface
public interface Middleware {
  void check(Socket socket) throws Exception;
}
