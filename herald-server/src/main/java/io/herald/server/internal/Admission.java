package io.herald.server.internal;

import io.herald.server.Handshake;
import io.herald.server.Principal;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.WebSocketSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Runs the {@link io.herald.server.Authenticator} before a connection is accepted (see {@link
 * OffLoop}); a refusal is answered with the authenticator's HTTP error before any upgrade or stream
 * begins.
 */
public final class Admission {
  private Admission() {}

  /**
   * Authenticates the exchange, then calls {@code admitted} on the event loop (at once when no
   * authenticator is configured). Called on the event loop.
   */
  public static void admit(
      ServerContext server, HttpExchange exchange, Consumer<Principal> admitted) {
    if (server.authenticator() == null) {
      admitted.accept(Principal.ANONYMOUS);
      return;
    }
    Handshake handshake = handshake(exchange);
    OffLoop.run(
        server,
        exchange,
        () -> {
          Principal principal = server.authenticator().authenticate(handshake);
          return principal == null ? Principal.ANONYMOUS : principal;
        },
        admitted);
  }

  /**
   * Validates a WebSocket handshake, authenticates it, and upgrades to the session {@code sessions}
   * makes for the principal. Called on the event loop.
   */
  public static void upgrade(
      ServerContext server,
      HttpExchange exchange,
      BiFunction<Handshake, Principal, WebSocketSession> sessions) {
    if (!server.upgrade().validate(exchange)) {
      return;
    }
    Handshake handshake = handshake(exchange);
    admit(
        server,
        exchange,
        principal -> server.upgrade().upgrade(exchange, sessions.apply(handshake, principal)));
  }

  /** The handshake view of an exchange; on the event loop while the request is readable. */
  public static Handshake handshake(HttpExchange exchange) {
    Map<String, List<String>> headers = new HashMap<>();
    exchange
        .request()
        .headers()
        .forEach(
            header ->
                headers
                    .computeIfAbsent(
                        header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue()));
    return new Handshake(
        exchange.path(), exchange.query(), headers, exchange.remoteAddress(), Instant.now());
  }
}
