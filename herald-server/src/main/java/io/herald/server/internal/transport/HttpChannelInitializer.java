package io.herald.server.internal.transport;

import io.herald.server.internal.tls.ServerTls;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Assembles every new connection's pipeline, in reading order: on a TLS port the {@link TlsGate}
 * (which becomes the TLS handler), then the HTTP codec, the handshake and idle timeouts, request
 * reassembly with the body size cap, the WebSocket extension negotiator (only with compression on),
 * and the connection handler that dispatches requests. WebSocket and SSE take over the connection
 * later and remove the HTTP-only handlers.
 */
public final class HttpChannelInitializer {
  /** Name of the TLS handler, first in the pipeline on a TLS port. */
  static final String TLS = "tls";

  /** Name of the connection handler, last in the pipeline. */
  static final String HANDLER = "http-handler";

  /**
   * Settings of the HTTP layer.
   *
   * @param handshakeTimeoutNanos see {@link HttpTimeouts}; 0 for none
   * @param idleTimeoutNanos see {@link HttpTimeouts}; 0 for none
   * @param onTimeout told of each connection a timeout closes, by the timeout's name (metrics)
   */
  public record Settings(
      int maxInitialLineLength,
      int maxHeaderSize,
      int maxMessageSize,
      boolean compression,
      int compressionThreshold,
      long handshakeTimeoutNanos,
      long idleTimeoutNanos,
      Consumer<String> onTimeout) {}

  private final Settings settings;
  private final ServerTls tls;
  private final Supplier<HttpConnectionHandler> handlers;
  private final Runnable onConnection;

  /**
   * @param tls the TLS context, or {@code null} for plain HTTP
   * @param handlers makes the connection handler of each new connection
   * @param onConnection told of every accepted connection (metrics)
   */
  public HttpChannelInitializer(
      Settings settings,
      ServerTls tls,
      Supplier<HttpConnectionHandler> handlers,
      Runnable onConnection) {
    this.settings = settings;
    this.tls = tls;
    this.handlers = handlers;
    this.onConnection = onConnection;
  }

  /** Sets up a new connection's pipeline; on its event loop. */
  public void initChannel(Channel channel) {
    onConnection.run();
    ChannelPipeline pipeline = channel.pipeline();
    if (tls != null) {
      pipeline.addLast("tls-gate", new TlsGate(tls));
    }
    pipeline.addLast(
        "http",
        new HttpServerCodec(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(settings.maxInitialLineLength())
                .setMaxHeaderSize(settings.maxHeaderSize())
                .setMaxChunkSize(8192)));
    if (settings.handshakeTimeoutNanos() > 0 || settings.idleTimeoutNanos() > 0) {
      pipeline.addLast(
          "http-timeouts",
          new HttpTimeouts(
              settings.handshakeTimeoutNanos(), settings.idleTimeoutNanos(), settings.onTimeout()));
    }
    pipeline.addLast("http-aggregator", new BodySizeLimit(settings.maxMessageSize()));
    if (settings.compression()) {
      pipeline.addLast("ws-extensions", compressionNegotiator());
    }
    pipeline.addLast(HANDLER, handlers.get());
  }

  private WebSocketServerExtensionHandler compressionNegotiator() {
    int threshold = settings.compressionThreshold();
    WebSocketExtensionFilter belowThreshold = frame -> frame.content().readableBytes() < threshold;
    WebSocketExtensionFilterProvider filters =
        new WebSocketExtensionFilterProvider() {
          @Override
          public WebSocketExtensionFilter encoderFilter() {
            return belowThreshold;
          }

          @Override
          public WebSocketExtensionFilter decoderFilter() {
            return WebSocketExtensionFilter.NEVER_SKIP;
          }
        };
    // maxAllocation caps what one inflated message may grow to: a small compressed frame must
    // not expand past the message size limit (a decompression bomb).
    return new WebSocketServerExtensionHandler(
        new PerMessageDeflateServerExtensionHandshaker(
            6,
            ZlibCodecFactory.isSupportingWindowSizeAndMemLevel(),
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
            false,
            false,
            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE,
            PerMessageDeflateServerExtensionHandshaker.DEFAULT_MEM_LEVEL,
            filters,
            settings.maxMessageSize()));
  }
}
