package io.herald.server.internal.websocket;

import io.herald.server.Transport;
import io.herald.server.WebSocketEndpoint;
import io.herald.server.internal.Admission;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;

/** The WebSocket upgrade at an application endpoint's path. On the event loop. */
public final class EndpointHandler {
  private final ServerContext server;
  private final WebSocketEndpoint endpoint;
  private final EndpointMembers members = new EndpointMembers();

  public EndpointHandler(ServerContext server, WebSocketEndpoint endpoint) {
    this.server = server;
    this.endpoint = endpoint;
  }

  public void handle(HttpExchange exchange) {
    Admission.upgrade(
        server,
        exchange,
        Transport.WEBSOCKET,
        (handshake, principal) ->
            new EndpointSocket(
                server,
                endpoint,
                members,
                server.loops().of(exchange.context().channel()),
                handshake,
                principal));
  }
}
