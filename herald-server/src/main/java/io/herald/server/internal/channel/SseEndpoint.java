package io.herald.server.internal.channel;

import io.herald.protocol.ProtocolException;
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
      // The browser's EventSource resends the last id it saw as Last-Event-ID; that is newer
      // than the `since` in the URL it reconnects to.
      String lastEventId = exchange.header("Last-Event-ID");
      String position =
          lastEventId != null && !lastEventId.isEmpty()
              ? lastEventId
              : exchange.queryParam("since");
      request = ChannelRequest.parse(exchange.query(), position, server.config().limits());
    } catch (ProtocolException e) {
      server.metrics().error(e.code());
      exchange.error(e.code(), e.getMessage());
      return;
    }
    SubscribeGate.admit(
        server,
        exchange,
        request.channels(),
        client -> new SseSession(server, exchange, client, request).start());
  }
}
