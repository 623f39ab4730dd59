package io.herald.server.internal.transport;

/** Answers HTTP requests; called on the connection's event loop, must not block. */
@FunctionalInterface
public interface HttpRequestHandler {
  void handle(HttpExchange exchange);
}
