package io.herald.server.socketio;

/** A socket connected to a namespace. Called on the socket's virtual thread; it may block. */
@FunctionalInterface
public interface ConnectionHandler {
  void onConnection(Socket socket) throws Exception;
}
