package io.herald.server.internal.channel;

import io.herald.protocol.ProtocolException;
import io.herald.server.Transport;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.transport.HttpExchange;

/** {@code GET /sse?channel=…}: opens an {@link SseSession}. On the event loop. */
public final class SseEndpoint {
  public static final String PATH = "/sse";

  private final ServerContext server;

  public SseEndpoint(ServerContext server) {
    this.server = server;
  }

  public void handle(HttpExchange exchange) {
    ChannelRequest request;
    try {
      String position = position(exchange.header("Last-Event-ID"), exchange.queryParam("since"));
      request = ChannelRequest.parse(exchange.query(), position, server.config().limits());
    } catch (ProtocolException e) {
      server.metrics().error(e.code());
      exchange.error(e.code(), e.getMessage());
      return;
    }
    SubscribeGate.admit(
        server,
        exchange,
        Transport.SSE,
        request,
        (client, principal) ->
            new SseSession(server, exchange, client, request, principal.expiresAt()).start());
  }

  /** The cursor text of a request: its {@code Last-Event-ID}, else its {@code since}. */
  static String position(String lastEventId, String since) {
    // The browser's EventSource resends the last id it saw as Last-Event-ID; that is newer than
    // the `since` in the URL it reconnects to.
    return lastEventId != null && !lastEventId.isEmpty() ? lastEventId : since;
  }
}
