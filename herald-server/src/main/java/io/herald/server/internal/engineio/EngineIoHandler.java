package io.herald.server.internal.engineio;

import io.herald.core.Ids;
import io.herald.protocol.ErrorCode;
import io.herald.server.Handshake;
import io.herald.server.Principal;
import io.herald.server.Transport;
import io.herald.server.internal.Admission;
import io.herald.server.internal.ServerContext;
import io.herald.server.internal.origin.Cors;
import io.herald.server.internal.origin.OriginPolicy;
import io.herald.server.internal.transport.HttpExchange;
import io.herald.server.internal.transport.HttpResponses;
import io.herald.server.internal.transport.LoopResources;
import io.herald.server.internal.transport.WebSocketSettings;
import io.herald.server.internal.transport.WebSocketUpgrade;
import io.herald.server.socketio.CorsOptions;
import io.herald.server.socketio.EngineIoOptions;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * The HTTP entry of one Engine.IO v4 endpoint (e.g. {@code /socket.io/}): checks the origin ({@link
 * Cors}), checks the query ({@code EIO}, {@code transport}, {@code sid}) and answers with the Node
 * server's error codes, opens sessions (long-polling or WebSocket), passes polls and payloads to
 * their session's home loop, and moves an upgrading WebSocket connection to that loop before
 * upgrading it. Called on the request's event loop.
 */
public final class EngineIoHandler {
  private final ServerContext server;
  private final EngineSettings settings;
  private final EngineSessions sessions;
  private final Cors cors;
  private final WebSocketUpgrade upgrade;
  private final WebSocketSettings webSocket;
  private final Transport transport;

  /**
   * @param transport what the authenticator is told the handshake is for: {@link
   *     Transport#ENGINE_IO} for a raw endpoint, {@link Transport#SOCKET_IO} under the Socket.IO
   *     server
   * @param listeners makes the listener of each new session from the session and the principal the
   *     authenticator admitted; called on the session's loop
   */
  public EngineIoHandler(
      ServerContext server,
      EngineIoOptions options,
      Transport transport,
      BiFunction<EngineSession, Principal, EngineListener> listeners) {
    this.server = server;
    this.transport = transport;
    int maxPayload = Math.min(options.maxPayload(), server.config().server().maxMessageSize());
    this.settings =
        new EngineSettings(
            options,
            maxPayload,
            listeners,
            () -> server.metrics().error(ErrorCode.INVALID_PACKET),
            () -> server.metrics().limit("message_rate"));
    this.sessions = new EngineSessions(server.metrics());
    CorsOptions own = options.cors();
    OriginPolicy origins =
        own.origins().isEmpty()
            ? OriginPolicy.of(server.config().origins())
            : OriginPolicy.of(own.origins(), own.credentials());
    this.cors = new Cors(origins, "GET, POST", server.metrics());
    this.upgrade = new WebSocketUpgrade(maxPayload);
    WebSocketSettings base = server.webSocket();
    this.webSocket =
        new WebSocketSettings(
            base.pingIntervalNanos(),
            base.pingTimeoutNanos(),
            base.compressionThreshold(),
            maxPayload,
            base.slowConsumerLimit(),
            base.onProtocolError());
  }

  public void handle(HttpExchange exchange) {
    // Before anything else, so that a refused origin never reaches a session or an upgrade.
    if (!cors.admit(exchange)) {
      return;
    }
    boolean isUpgrade = WebSocketUpgrade.isUpgradeRequest(exchange.request().headers());
    if (isUpgrade) {
      // An upgrade that is refused is answered and closed, never left hanging.
      exchange.closeAfterResponse();
    }
    // Like the Node server, a missing or unknown EIO is taken for version 3, which is refused.
    if (!"4".equals(exchange.queryParam("EIO"))) {
      refuse(exchange, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
      return;
    }
    String transport = exchange.queryParam("transport");
    boolean websocket = "websocket".equals(transport);
    if (!websocket && !"polling".equals(transport)) {
      refuse(exchange, EngineError.UNKNOWN_TRANSPORT);
      return;
    }
    if (websocket != isUpgrade) {
      refuse(exchange, EngineError.BAD_REQUEST);
      return;
    }
    String sid = exchange.queryParam("sid");
    if (sid == null) {
      open(exchange, websocket);
      return;
    }
    EngineSession session = sessions.get(sid);
    if (session == null) {
      refuse(exchange, EngineError.UNKNOWN_SID);
    } else if (websocket) {
      upgradeSession(exchange, session);
    } else {
      poll(exchange, session);
    }
  }

  /** Answers with an Engine.IO error; from any thread. */
  void refuse(HttpExchange exchange, EngineError error) {
    exchange.respond(error.response());
  }

  private void open(HttpExchange exchange, boolean websocket) {
    if (!exchange.method().equals(HttpMethod.GET)) {
      refuse(exchange, EngineError.BAD_HANDSHAKE_METHOD);
      return;
    }
    if (websocket && !upgrade.validate(exchange)) {
      return;
    }
    // The authenticator runs at the handshake only (the first GET, or a WebSocket without a
    // session); later requests of the session carry its sid.
    Handshake handshake = Admission.handshake(exchange, transport);
    Admission.admitSession(
        server,
        exchange,
        handshake,
        (principal, lease) -> {
          EventLoop loop = exchange.loop();
          LoopResources resources = server.loops().of(exchange.context().channel());
          boolean secure = exchange.context().pipeline().get(SslHandler.class) != null;
          EngineSession session =
              new EngineSession(
                  Ids.connectionId(),
                  settings,
                  sessions,
                  handshake,
                  secure,
                  loop,
                  resources.lane(),
                  lease,
                  server.limits().messageLimiter());
          sessions.add(session);
          session.expireAt(principal.expiresAt());
          session.start(settings.listeners().apply(session, principal));
          if (websocket) {
            upgrade.upgrade(exchange, new EngineWebSocket(session, false, resources, webSocket));
            return;
          }
          FullHttpResponse response =
              HttpResponses.of(
                  HttpResponseStatus.OK,
                  "text/plain; charset=UTF-8",
                  session.openPacket(true).getBytes(StandardCharsets.UTF_8));
          if (settings.options().cookie() != null) {
            response
                .headers()
                .set(HttpHeaderNames.SET_COOKIE, settings.options().cookie().header(session.sid()));
          }
          exchange.respond(response);
        });
  }

  private void poll(HttpExchange exchange, EngineSession session) {
    HttpMethod method = exchange.method();
    if (method.equals(HttpMethod.GET)) {
      exchange.suspend();
      exchange.onClose(() -> session.execute(() -> session.pollAborted(exchange)));
      exchange.onShutdown(() -> session.execute(() -> session.close("server shutting down")));
      session.execute(() -> session.onGet(exchange, this));
    } else if (method.equals(HttpMethod.POST)) {
      byte[] body = ByteBufUtil.getBytes(exchange.request().content());
      boolean binary =
          HttpHeaderValues.APPLICATION_OCTET_STREAM.contentEqualsIgnoreCase(
              exchange.header(HttpHeaderNames.CONTENT_TYPE));
      exchange.suspend();
      session.execute(() -> session.onPost(exchange, body, binary, this));
    } else {
      refuse(exchange, EngineError.BAD_REQUEST);
    }
  }

  private void upgradeSession(HttpExchange exchange, EngineSession session) {
    if (!upgrade.validate(exchange)) {
      return;
    }
    Channel channel = exchange.context().channel();
    if (channel.eventLoop() == session.loop()) {
      probe(exchange, session);
      return;
    }
    // The session lives on its home loop; move this connection there, so that the session and
    // its WebSocket never touch each other from two threads.
    exchange.suspend();
    channel
        .deregister()
        .addListener(
            off -> {
              if (!off.isSuccess()) {
                abandon(exchange, channel);
                return;
              }
              session
                  .loop()
                  .register(channel)
                  .addListener(
                      on -> {
                        if (on.isSuccess()) {
                          probe(exchange, session);
                        } else {
                          abandon(exchange, channel);
                        }
                      });
            });
  }

  /**
   * The connection could not move (it was closed in transit, or the target loop is stopping). A
   * channel registered with no event loop fires no close events through its pipeline, so the
   * exchange is released here rather than by its connection handler.
   */
  private static void abandon(HttpExchange exchange, Channel channel) {
    exchange.abandon();
    channel.close();
  }

  private void probe(HttpExchange exchange, EngineSession session) {
    // Upgraded even when the session cannot take it (already upgraded or upgrading): then the
    // WebSocket is closed once open, as the Node server does.
    LoopResources resources = server.loops().of(exchange.context().channel());
    upgrade.upgrade(exchange, new EngineWebSocket(session, true, resources, webSocket));
  }
}
