package io.herald.server.internal;

import io.herald.protocol.ErrorCode;
import io.herald.server.Handshake;
import io.herald.server.HttpError;
import io.herald.server.Principal;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link io.herald.server.Authenticator} before a connection is accepted: on a virtual
 * thread, with the exchange suspended, continuing on the event loop with the principal. A refusal
 * is answered with the authenticator's HTTP error before any upgrade or stream begins.
 */
public final class Admission {
  private static final Logger log = LoggerFactory.getLogger(Admission.class);

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
    exchange.suspend();
    server
        .handlerThreads()
        .execute(
            () -> {
              try {
                Principal principal = server.authenticator().authenticate(handshake);
                Principal result = principal == null ? Principal.ANONYMOUS : principal;
                exchange
                    .loop()
                    .execute(
                        () -> {
                          if (exchange.context().channel().isActive() && !exchange.isDone()) {
                            admitted.accept(result);
                          }
                        });
              } catch (HttpError e) {
                exchange.respond(
                    HttpResponses.json(
                        HttpResponseStatus.valueOf(e.status()),
                        HttpResponses.errorBody(e.code(), e.getMessage())));
              } catch (Exception e) {
                log.warn("authenticator failed", e);
                exchange.error(ErrorCode.INTERNAL_ERROR, "authentication failed");
              }
            });
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
