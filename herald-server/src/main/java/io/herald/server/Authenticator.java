package io.herald.server;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Decides who opens a connection, before the WebSocket upgrade, SSE stream, poll or Engine.IO
 * handshake is answered ({@link Handshake#transport()} says which), and again when a Socket.IO
 * client joins a namespace. Called on a virtual thread; it may block (e.g. to ask a database). The
 * default, when none is set, lets everyone in anonymously.
 *
 * <p>A refusal is an {@link HttpError}: over HTTP it is answered with that status and the JSON body
 * {@code {"error","message"}} before any upgrade or stream begins; at a Socket.IO CONNECT it is a
 * {@code CONNECT_ERROR} packet {@code {"message", "data": {"code", "status"}}}.
 */
@FunctionalInterface
public interface Authenticator {
  /**
   * Authenticates the HTTP request that opens a connection. For Socket.IO this is the Engine.IO
   * handshake (transport {@link Transport#SOCKET_IO}), before any namespace is joined.
   *
   * @return the principal of the connection ({@link Principal#ANONYMOUS} or {@code null} for none)
   * @throws HttpError to refuse the connection with that HTTP status and JSON error body
   */
  Principal authenticate(Handshake handshake) throws Exception;

  /**
   * Authenticates a Socket.IO client joining a namespace, from the {@code auth} payload of its
   * CONNECT packet (the official client's {@code auth} option). Runs before the namespace's
   * middlewares, for every namespace the client joins; the principal returned is the socket's
   * ({@link io.herald.server.socketio.Socket#principal()}). The default keeps the principal of the
   * connection.
   *
   * @param handshake the Engine.IO handshake of the connection
   * @param auth the CONNECT payload ({@code {}} when none was sent)
   * @param connectionPrincipal what {@link #authenticate} decided at the Engine.IO handshake
   * @return the socket's principal ({@code null} for anonymous)
   * @throws HttpError to refuse the namespace with a {@code CONNECT_ERROR}; the connection stays
   *     open for other namespaces
   */
  default Principal authenticateSocketIo(
      Handshake handshake, JsonNode auth, Principal connectionPrincipal) throws Exception {
    return connectionPrincipal;
  }
}
