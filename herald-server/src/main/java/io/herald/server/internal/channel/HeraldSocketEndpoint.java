package io.herald.server.internal.channel;

import io.herald.server.Transport;
import io.herald.server.internal.Admission;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;

/** The WebSocket upgrade at {@code /herald}: opens a {@link HeraldSocket}. On the event loop. */
public final class HeraldSocketEndpoint {
  public static final String PATH = "/herald";

  private final ServerContext server;

  public HeraldSocketEndpoint(ServerContext server) {
    this.server = server;
  }

  public void handle(HttpExchange exchange) {
    Admission.upgrade(
        server,
        exchange,
        Transport.HERALD,
        (handshake, principal) ->
            new HeraldSocket(server, server.loops().of(exchange.context().channel()), principal));
  }
}
