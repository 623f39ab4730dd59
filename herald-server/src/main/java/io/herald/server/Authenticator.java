package io.herald.server;

/**
 * Decides who opens a connection, before the WebSocket upgrade, SSE stream or poll is answered.
 * Called on a virtual thread; it may block (e.g. to ask a database). The default lets everyone in
 * anonymously.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * @return the principal of the connection ({@link Principal#ANONYMOUS} for none)
   * @throws HttpError to refuse the connection with that HTTP status and JSON error body
   */
  Principal authenticate(Handshake handshake) throws Exception;
}
