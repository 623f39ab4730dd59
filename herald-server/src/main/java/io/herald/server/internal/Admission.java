package io.herald.server.internal;

import io.herald.protocol.ErrorCode;
import io.herald.server.Handshake;
import io.herald.server.Principal;
import io.herald.server.Transport;
import io.herald.server.internal.limits.ConnectionLease;
import io.herald.server.internal.limits.ConnectionLimits;
import io.herald.server.internal.limits.LimitExceeded;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.herald.server.internal.transport.WebSocketSession;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Admits a connection before it is accepted: takes its place in the {@link ConnectionLimits}
 * (handshake rate, per-address and global caps), runs the {@link io.herald.server.Authenticator}
 * (see {@link OffLoop}), refuses credentials that have already expired (401 {@code token_expired}),
 * then counts it against its user's cap. A refusal is answered with an HTTP error before any
 * upgrade or stream begins, and gives the place back.
 */
public final class Admission {
  private Admission() {}

  /**
   * Admits the exchange, then calls {@code admitted} on the event loop (at once when no
   * authenticator is configured). The connection's place in the limits is held until the exchange
   * ends (its response is written, or the stream it turned into closes). Called on the event loop.
   */
  public static void admit(
      ServerContext server,
      HttpExchange exchange,
      Transport transport,
      Consumer<Principal> admitted) {
    admit(server, exchange, () -> handshake(exchange, transport), admitted);
  }

  private static void admit(
      ServerContext server,
      HttpExchange exchange,
      Supplier<Handshake> handshake,
      Consumer<Principal> admitted) {
    ConnectionLease lease = acquire(server, exchange);
    if (lease == null) {
      return;
    }
    exchange.onEnd(lease::release);
    authenticate(server, exchange, handshake, lease, admitted);
  }

  /**
   * Admits a connection that outlives its first exchange (an Engine.IO session): until {@code
   * admitted} is called the lease ends with the exchange; from then on the caller owns it and
   * releases it when the session ends. Called on the event loop.
   */
  public static void admitSession(
      ServerContext server,
      HttpExchange exchange,
      Handshake handshake,
      BiConsumer<Principal, ConnectionLease> admitted) {
    ConnectionLease lease = acquire(server, exchange);
    if (lease == null) {
      return;
    }
    boolean[] handedOver = new boolean[1];
    exchange.onEnd(
        () -> {
          if (!handedOver[0]) {
            lease.release();
          }
        });
    authenticate(
        server,
        exchange,
        () -> handshake,
        lease,
        principal -> {
          handedOver[0] = true;
          admitted.accept(principal, lease);
        });
  }

  private static ConnectionLease acquire(ServerContext server, HttpExchange exchange) {
    InetSocketAddress remote = exchange.clientAddress();
    try {
      return server.limits().acquire(remote == null ? null : remote.getAddress());
    } catch (LimitExceeded e) {
      refuse(server, exchange, e);
      return null;
    }
  }

  /**
   * @param handshake makes the authenticator's view of the request, on the loop while it is
   *     readable; only called when there is an authenticator
   */
  private static void authenticate(
      ServerContext server,
      HttpExchange exchange,
      Supplier<Handshake> handshake,
      ConnectionLease lease,
      Consumer<Principal> admitted) {
    Consumer<Principal> counted =
        principal -> {
          if (principal.isExpiredAt(Instant.now())) {
            // Admitting it would only close it at once (a slow authenticator, or one that
            // returned credentials already past their end).
            server.metrics().error(ErrorCode.TOKEN_EXPIRED);
            exchange.error(ErrorCode.TOKEN_EXPIRED, "the credentials have expired");
            return;
          }
          try {
            lease.bindUser(principal.userId());
          } catch (LimitExceeded e) {
            refuse(server, exchange, e);
            return;
          }
          admitted.accept(principal);
        };
    if (server.authenticator() == null) {
      counted.accept(Principal.ANONYMOUS);
      return;
    }
    Handshake request = handshake.get();
    OffLoop.run(
        server,
        exchange,
        () -> {
          Principal principal = server.authenticator().authenticate(request);
          return principal == null ? Principal.ANONYMOUS : principal;
        },
        counted);
  }

  /**
   * Answers a connection refused by a limit (429 or 503, with {@code Retry-After} where the limit
   * gives one) and closes it after the answer. On the event loop.
   */
  private static void refuse(ServerContext server, HttpExchange exchange, LimitExceeded refusal) {
    server.metrics().limit(refusal.limit());
    server.metrics().error(refusal.code());
    FullHttpResponse response = HttpResponses.error(refusal.code(), refusal.getMessage());
    if (refusal.retryAfterSeconds() > 0) {
      response.headers().set(HttpHeaderNames.RETRY_AFTER, refusal.retryAfterSeconds());
    }
    exchange.closeAfterResponse();
    exchange.respond(response);
  }

  /**
   * Validates a WebSocket handshake, authenticates it, and upgrades to the session {@code sessions}
   * makes for the principal, which closes when the principal's credentials expire. Called on the
   * event loop.
   */
  public static void upgrade(
      ServerContext server,
      HttpExchange exchange,
      Transport transport,
      BiFunction<Handshake, Principal, WebSocketSession> sessions) {
    if (!server.upgrade().validate(exchange)) {
      return;
    }
    Handshake handshake = handshake(exchange, transport);
    admit(
        server,
        exchange,
        () -> handshake,
        principal -> {
          WebSocketSession session = sessions.apply(handshake, principal);
          session.expireAt(principal.expiresAt());
          server.upgrade().upgrade(exchange, session);
        });
  }

  /** The handshake view of an exchange; on the event loop while the request is readable. */
  public static Handshake handshake(HttpExchange exchange, Transport transport) {
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
        transport,
        exchange.path(),
        exchange.query(),
        headers,
        exchange.clientAddress(),
        Instant.now());
  }
}
