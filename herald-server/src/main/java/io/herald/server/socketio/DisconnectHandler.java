package io.herald.server.socketio;

/**
 * A socket is leaving ({@code disconnecting}: its rooms are still joined) or has left ({@code
 * disconnect}). The reason is Node's: {@code transport close}, {@code transport error}, {@code ping
 * timeout}, {@code parse error}, {@code client namespace disconnect}, {@code server namespace
 * disconnect}, {@code forced server close}, {@code server shutting down}. Called on the socket's
 * virtual thread.
 */
@FunctionalInterface
public interface DisconnectHandler {
  void onDisconnect(String reason) throws Exception;
}
