package io.herald.server.internal.transport;

import io.herald.protocol.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;

/**
 * Upgrades an HTTP connection to WebSocket (RFC 6455 §4.2) and installs a {@link WebSocketSession}.
 * Checks the handshake first so that a bad request gets an HTTP error and never a 101 followed by a
 * close. After the upgrade the pipeline reads: frame decoder, (inflate), UTF-8 validation, message
 * reassembly with the size cap, session.
 */
public final class WebSocketUpgrade {
  private final WebSocketDecoderConfig decoderConfig;
  private final int maxMessageSize;

  public WebSocketUpgrade(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
    // Protocol violations are closed by the session, which keeps reading (and discarding) so
    // that the close frame reaches the peer before the TCP connection ends.
    this.decoderConfig =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(maxMessageSize)
            .closeOnProtocolViolation(false)
            .allowExtensions(true)
            .build();
  }

  /** Whether the request asks for a WebSocket upgrade. */
  public static boolean isUpgradeRequest(HttpHeaders headers) {
    return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  /**
   * Validates the handshake request; answers the exchange with the error and returns {@code false}
   * when it is not a valid RFC 6455 opening handshake.
   */
  public boolean validate(HttpExchange exchange) {
    FullHttpRequest request = exchange.request();
    HttpHeaders headers = request.headers();
    if (!request.method().equals(HttpMethod.GET)) {
      FullHttpResponse response =
          HttpResponses.error(
              ErrorCode.METHOD_NOT_ALLOWED, "a WebSocket handshake must be a GET request");
      response.headers().set(HttpHeaderNames.ALLOW, "GET");
      exchange.respond(response);
      return false;
    }
    if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        || !headers.contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
      exchange.error(
          ErrorCode.BAD_REQUEST, "a WebSocket handshake needs Connection: Upgrade and a key");
      return false;
    }
    if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      FullHttpResponse response =
          HttpResponses.error(
              HttpResponseStatus.UPGRADE_REQUIRED,
              ErrorCode.BAD_REQUEST,
              "unsupported WebSocket version; this server speaks version 13");
      response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
      exchange.respond(response);
      return false;
    }
    return true;
  }

  /**
   * Answers a validated handshake with 101 and hands the connection to {@code session}. On the
   * event loop, during dispatch of the exchange.
   */
  public void upgrade(HttpExchange exchange, WebSocketSession session) {
    ChannelHandlerContext http = exchange.context();
    Channel channel = http.channel();
    FullHttpRequest request = exchange.request();
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(exchange.path(), null, decoderConfig)
            .newHandshaker(request);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.replace(http.name(), "ws-utf8", new Utf8FrameValidator(false));
    pipeline.addAfter("ws-utf8", "ws-aggregator", new WebSocketFrameAggregator(maxMessageSize));
    pipeline.addAfter("ws-aggregator", "ws-session", session);
    ChannelHandlerContext sessionContext = pipeline.context("ws-session");
    handshaker
        .handshake(channel, request)
        .addListener(
            done -> {
              if (done.isSuccess()) {
                session.open(sessionContext);
              } else {
                channel.close();
              }
            });
    exchange.streaming();
  }
}
